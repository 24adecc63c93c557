/* form.h: an input form drawn as a window: labelled text fields and
 * choice fields, a focus, per-field errors shown beside each field (the
 * focused field's in full below), a form-level error, and an unsaved
 * flag. It edits text only: the owner parses and validates on save and
 * fills the errors. No curses, no store. */
#ifndef ALLOT_TUI_FORM_H
#define ALLOT_TUI_FORM_H

#include <stddef.h>

#include "tui/cmdline.h"
#include "tui/grid.h"
#include "tui/keymap.h"
#include "tui/theme.h"

#define FORM_MAX_FIELDS 16
#define FORM_ERR_MAX 200

/* What form_action asks of the owner, besides REACT_* bits. */
enum { FORM_SAVE = 1 << 12, FORM_CANCEL = 1 << 13, FORM_CHANGED = 1 << 14 };

enum { FF_TEXT, FF_CHOICE };

struct form_field {
    const char *label;
    int type;                       /* FF_TEXT or FF_CHOICE */
    const char *const *choices;     /* FF_CHOICE: the values */
    size_t nchoices, choice;
    struct lineedit le;             /* FF_TEXT: the text */
    const char *hint;               /* shown below while focused and without error */
    int enabled;                    /* 0: greyed, skipped by Tab, not applicable */
    char error[FORM_ERR_MAX];
};

struct form {
    char title[96];
    struct form_field f[FORM_MAX_FIELDS];
    size_t n;
    size_t focus;
    int dirty;                      /* edited since opened */
    char error[FORM_ERR_MAX];       /* not tied to one field */
    int cx, cy;                     /* the text cursor at the last render, cx < 0: none */
    const char *footer;             /* the key hint on the bottom edge; NULL: save/cancel */
};

void form_init(struct form *f, const char *title);
/* Add a field; returns its index. */
size_t form_add_text(struct form *f, const char *label, const char *hint);
size_t form_add_choice(struct form *f, const char *label, const char *const *choices, size_t n,
                       const char *hint);

void form_set_text(struct form *f, size_t i, const char *text);
const char *form_text(const struct form *f, size_t i);
void form_set_choice(struct form *f, size_t i, size_t choice);
size_t form_choice(const struct form *f, size_t i);
/* Enable or disable field i (a disabled field's focus moves on). */
void form_enable(struct form *f, size_t i, int on);
/* Set the error of field i (printf style); "" clears. */
void form_errorf(struct form *f, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Clear every error. */
void form_clear_errors(struct form *f);
/* Focus the first field with an error; returns 1 if there was one. */
int form_focus_error(struct form *f);

/* Handle a KC_FORM action (A_INSERT: ev->key typed). Returns REACT_*
 * bits with FORM_SAVE, FORM_CANCEL or FORM_CHANGED (a value changed). */
int form_action(struct form *f, int action, const struct tui_event *ev);
/* Draw as a window centred in area; sets f->cx, f->cy. */
void form_render(struct form *f, struct grid *g, struct rect area, const struct theme *th);

#endif
