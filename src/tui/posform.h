/* posform.h: the form that adds or edits one position of any kind. It
 * parses each field with the same rules as the positions file and
 * `allot position add` (io/posfile.h), fills the underlying, expiry,
 * strike and type from an exchange name (BTC-27JUN25-60000-C), greys the
 * fields a kind does not use, and validates with position_validate,
 * putting each error beside its field. Writes nothing: the screen saves. */
#ifndef ALLOT_TUI_POSFORM_H
#define ALLOT_TUI_POSFORM_H

#include <stdint.h>

#include "engine/portfolio/instrument.h"
#include "tui/form.h"

enum {
    PF_INSTRUMENT, PF_KIND, PF_UNDERLYING, PF_QUANTITY, PF_ENTRY, PF_FEE, PF_OPEN_DATE,
    PF_EXPIRY, PF_STRIKE, PF_TYPE, PF_MULTIPLIER, PF_IV, PF_NOTE, PF_NFIELDS
};

struct posform {
    struct form form;
    int64_t id;             /* the position edited, 0 for a new one */
    int kind_touched;       /* the user chose the kind: autofill leaves it */
};

/* Open empty (a new position) or filled from p (editing p->id). */
void posform_open_new(struct posform *pf);
void posform_open_edit(struct posform *pf, const struct position *p);
/* Grey out the fields the chosen kind does not use. */
void posform_sync(struct posform *pf);
/* Fill empty fields from an exchange name in the instrument field. */
void posform_autofill(struct posform *pf);
/* Handle a form action, keeping kinds, greyed fields and autofill in
 * step; returns form_action's bits. */
int posform_action(struct posform *pf, int action, const struct tui_event *ev);
/* Parse and validate every field into out (out->id = pf->id). Expiries
 * at or before now_ms are refused. Returns 0, or -1 with the errors set
 * in the form and the focus on the first. */
int posform_build(struct posform *pf, int64_t now_ms, struct position *out);

#endif
