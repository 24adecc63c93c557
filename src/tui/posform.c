#include <config.h>
#include "tui/posform.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/posfile.h"
#include "tui/fmt.h"
#include "tui/screen.h"
#include "util/date.h"
#include "util/num.h"
#include "util/str.h"

static const char *const kinds[INST_KIND_COUNT] = {
    "spot", "perp", "future", "inverse-perp", "inverse-future", "option", "coin-option",
};
static const char *const types[2] = { "call", "put" };

static void build_fields(struct posform *pf, const char *title)
{
    struct form *f = &pf->form;
    form_init(f, title);
    form_add_text(f, "instrument", "its name: BTC, ETH-PERP, BTC-27JUN25-60000-C");
    form_add_choice(f, "kind", kinds, INST_KIND_COUNT,
                    "Left/Right or the first letter choose the kind");
    form_add_text(f, "underlying", "the priced asset; empty: the name before its first -");
    form_add_text(f, "quantity", "long > 0, short < 0; inverse: USD notional; options: contracts");
    form_add_text(f, "entry price", "USD per unit; coin-option: coin per unit");
    form_add_text(f, "fee USD", "fees paid to open, USD; empty: 0");
    form_add_text(f, "open date", "YYYY-MM-DD; optional");
    form_add_text(f, "expiry", "YYYY-MM-DD (08:00 UTC) or an ISO 8601 instant");
    form_add_text(f, "strike USD", "strike price in USD");
    form_add_choice(f, "type", types, 2, "call or put");
    form_add_text(f, "multiplier", "underlying units per contract; empty: 1");
    form_add_text(f, "iv", "implied vol, annual decimal (0.65); empty: from the chain");
    form_add_text(f, "note", "free text; optional");
    pf->kind_touched = 0;
}

void posform_sync(struct posform *pf)
{
    enum inst_kind k = (enum inst_kind)form_choice(&pf->form, PF_KIND);
    int opt = inst_is_option(k);
    form_enable(&pf->form, PF_EXPIRY, inst_has_expiry(k));
    form_enable(&pf->form, PF_STRIKE, opt);
    form_enable(&pf->form, PF_TYPE, opt);
    form_enable(&pf->form, PF_MULTIPLIER, opt);
    form_enable(&pf->form, PF_IV, opt);
}

void posform_open_new(struct posform *pf)
{
    build_fields(pf, "New position");
    pf->id = 0;
    form_set_choice(&pf->form, PF_KIND, INST_SPOT);
    posform_sync(pf);
}

static void set_num(struct posform *pf, size_t i, double x)
{
    char buf[40];
    form_set_text(&pf->form, i, fmt_num(x, buf, sizeof buf));
}

static void expiry_text(int64_t ms, char out[32])
{
    date_format_ts(ms, out);
    /* 08:00 UTC is the usual expiry: the date alone reads back the same */
    if (strcmp(out + 10, "T08:00:00Z") == 0)
        out[10] = '\0';
}

void posform_open_edit(struct posform *pf, const struct position *p)
{
    char buf[64];
    build_fields(pf, "Edit position");
    snprintf(pf->form.title, sizeof pf->form.title, "Edit position %lld", (long long)p->id);
    pf->id = p->id;
    pf->kind_touched = 1;
    form_set_text(&pf->form, PF_INSTRUMENT, p->instrument);
    form_set_choice(&pf->form, PF_KIND, (size_t)p->kind);
    form_set_text(&pf->form, PF_UNDERLYING, p->underlying);
    set_num(pf, PF_QUANTITY, p->quantity);
    set_num(pf, PF_ENTRY, p->entry_price);
    if (p->fee_usd != 0)
        set_num(pf, PF_FEE, p->fee_usd);
    if (p->open_day != DATE_NONE) {
        char d[11];
        date_format_day(p->open_day, d);
        form_set_text(&pf->form, PF_OPEN_DATE, d);
    }
    if (p->expiry_ms != 0) {
        expiry_text(p->expiry_ms, buf);
        form_set_text(&pf->form, PF_EXPIRY, buf);
    }
    if (inst_is_option(p->kind)) {
        set_num(pf, PF_STRIKE, p->strike);
        form_set_choice(&pf->form, PF_TYPE, p->is_call ? 0 : 1);
        set_num(pf, PF_MULTIPLIER, p->multiplier);
        if (!isnan(p->iv))
            set_num(pf, PF_IV, p->iv);
    }
    form_set_text(&pf->form, PF_NOTE, p->note);
    posform_sync(pf);
    pf->form.dirty = 0;
}

void posform_autofill(struct posform *pf)
{
    struct form *f = &pf->form;
    struct position q;
    enum inst_kind hint;
    char buf[40];
    position_init(&q);
    if (inst_parse_name(form_text(f, PF_INSTRUMENT), &q, &hint) != 0)
        return;
    if (!pf->kind_touched && pf->id == 0) {
        /* linear by default; the user switches to inverse or coin */
        form_set_choice(f, PF_KIND, hint == INST_OPTION ? INST_OPTION
                                    : hint == INST_FUTURE ? INST_FUTURE : INST_PERP);
        posform_sync(pf);
    }
    if (form_text(f, PF_UNDERLYING)[0] == '\0')
        form_set_text(f, PF_UNDERLYING, q.underlying);
    if (q.expiry_ms != 0 && form_text(f, PF_EXPIRY)[0] == '\0') {
        expiry_text(q.expiry_ms, buf);
        form_set_text(f, PF_EXPIRY, buf);
    }
    if (hint == INST_OPTION) {
        if (form_text(f, PF_STRIKE)[0] == '\0')
            form_set_text(f, PF_STRIKE, fmt_num(q.strike, buf, sizeof buf));
        if (!f->dirty || pf->id == 0)
            form_set_choice(f, PF_TYPE, q.is_call ? 0 : 1);
    }
}

int posform_action(struct posform *pf, int action, const struct tui_event *ev)
{
    size_t before = pf->form.focus;
    int r = form_action(&pf->form, action, ev);
    if ((r & FORM_CHANGED) && before == PF_KIND) {
        pf->kind_touched = 1;
        posform_sync(pf);
    }
    if (before == PF_INSTRUMENT && pf->form.focus != PF_INSTRUMENT)
        posform_autofill(pf);
    return r;
}

/* Parse a number field; empty gives dflt when allowed. 0 or -1. */
static int num_field(struct posform *pf, size_t i, double *out, int allow_empty, double dflt)
{
    const char *s = form_text(&pf->form, i), *what;
    size_t off;
    if (s[0] == '\0') {
        if (allow_empty) {
            *out = dflt;
            return 0;
        }
        form_errorf(&pf->form, i, "required");
        return -1;
    }
    if (num_parse(s, out, &what, &off) != 0) {
        form_errorf(&pf->form, i, "expected %s at character %zu", what, off + 1);
        return -1;
    }
    return 0;
}

/* Put position_validate's message on the field it names. */
static void place_error(struct posform *pf, const char *msg)
{
    static const struct {
        const char *word;
        size_t field;
    } words[] = {
        { "instrument", PF_INSTRUMENT }, { "underlying", PF_UNDERLYING },
        { "quantity", PF_QUANTITY }, { "entry price", PF_ENTRY }, { "fee", PF_FEE },
        { "expiry", PF_EXPIRY }, { "strike", PF_STRIKE }, { "multiplier", PF_MULTIPLIER },
        { "iv", PF_IV }, { "vol", PF_IV },
    };
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        if (strstr(msg, words[k].word) != NULL) {
            form_errorf(&pf->form, words[k].field, "%s", msg);
            return;
        }
    }
    str_copy(pf->form.error, sizeof pf->form.error, msg);
}

int posform_build(struct posform *pf, int64_t now_ms, struct position *p)
{
    struct form *f = &pf->form;
    struct position q;
    enum inst_kind hint;
    const char *s, *what;
    size_t off;
    int bad = 0, named;
    struct allot_err err;

    form_clear_errors(f);
    position_init(p);
    p->id = pf->id;
    p->kind = (enum inst_kind)form_choice(f, PF_KIND);

    s = form_text(f, PF_INSTRUMENT);
    if (!posfile_name_ok(s, INST_NAME_MAX)) {
        form_errorf(f, PF_INSTRUMENT, s[0] ? "use 1-63 printable characters without blanks, "
                                             "commas or quotes" : "required");
        bad = 1;
    } else {
        str_copy(p->instrument, sizeof p->instrument, s);
    }
    position_init(&q);
    named = !bad && inst_parse_name(p->instrument, &q, &hint) == 0;

    s = form_text(f, PF_UNDERLYING);
    if (s[0] == '\0' && !bad) {
        if (named) {
            str_copy(p->underlying, sizeof p->underlying, q.underlying);
        } else {
            size_t n = strcspn(p->instrument, "-");
            if (n >= sizeof p->underlying)
                n = sizeof p->underlying - 1;
            memcpy(p->underlying, p->instrument, n);
            p->underlying[n] = '\0';
        }
    } else if (s[0] != '\0') {
        if (!posfile_name_ok(s, INST_SYMBOL_MAX)) {
            form_errorf(f, PF_UNDERLYING, "use 1-31 printable characters without blanks, "
                                          "commas or quotes");
            bad = 1;
        } else {
            str_copy(p->underlying, sizeof p->underlying, s);
        }
    }

    if (num_field(pf, PF_QUANTITY, &p->quantity, 0, 0) != 0)
        bad = 1;
    else if (p->quantity == 0 && (bad = 1))
        form_errorf(f, PF_QUANTITY, "must not be 0 (long > 0, short < 0)");
    if (num_field(pf, PF_ENTRY, &p->entry_price, 0, 0) != 0)
        bad = 1;
    else if (!(p->entry_price > 0) && (bad = 1))
        form_errorf(f, PF_ENTRY, "must be greater than 0");
    if (num_field(pf, PF_FEE, &p->fee_usd, 1, 0) != 0)
        bad = 1;
    else if (p->fee_usd < 0 && (bad = 1))
        form_errorf(f, PF_FEE, "must be 0 or more");

    s = form_text(f, PF_OPEN_DATE);
    if (s[0] != '\0' && date_parse_day(s, &p->open_day, &what, &off) != 0) {
        form_errorf(f, PF_OPEN_DATE, "expected %s at character %zu", what, off + 1);
        bad = 1;
    }

    if (inst_has_expiry(p->kind)) {
        s = form_text(f, PF_EXPIRY);
        if (s[0] == '\0') {
            if (named && q.expiry_ms != 0) {
                p->expiry_ms = q.expiry_ms;
            } else {
                form_errorf(f, PF_EXPIRY, "a %s needs an expiry", inst_kind_name(p->kind));
                bad = 1;
            }
        } else if (posfile_parse_expiry(s, &p->expiry_ms, &what, &off) != 0) {
            form_errorf(f, PF_EXPIRY, "expected %s", what);
            bad = 1;
        }
        if (p->expiry_ms != 0 && now_ms != 0 && p->expiry_ms <= now_ms &&
            !f->f[PF_EXPIRY].error[0]) {
            char when[32];
            date_format_ts(now_ms, when);
            form_errorf(f, PF_EXPIRY, "must be after the valuation time %s", when);
            bad = 1;
        }
    }

    if (inst_is_option(p->kind)) {
        s = form_text(f, PF_STRIKE);
        if (s[0] == '\0' && named && q.strike > 0)
            p->strike = q.strike;
        else if (num_field(pf, PF_STRIKE, &p->strike, 0, 0) != 0)
            bad = 1;
        else if (!(p->strike > 0) && (bad = 1))
            form_errorf(f, PF_STRIKE, "must be greater than 0");
        p->is_call = form_choice(f, PF_TYPE) == 0;
        if (num_field(pf, PF_MULTIPLIER, &p->multiplier, 1, 1) != 0)
            bad = 1;
        else if (!(p->multiplier > 0) && (bad = 1))
            form_errorf(f, PF_MULTIPLIER, "must be greater than 0");
        s = form_text(f, PF_IV);
        if (s[0] != '\0' && posfile_parse_iv(s, &p->iv, &what, &off) != 0) {
            form_errorf(f, PF_IV, "expected %s", what);
            bad = 1;
        }
    }

    s = form_text(f, PF_NOTE);
    if (str_copy(p->note, sizeof p->note, s)) {
        form_errorf(f, PF_NOTE, "at most %d bytes", INST_NOTE_MAX - 1);
        bad = 1;
    }

    if (!bad) {
        err_clear(&err);
        if (position_validate(p, &err) != 0) {
            place_error(pf, err.msg);
            bad = 1;
        }
    }
    if (bad) {
        form_focus_error(f);
        return -1;
    }
    return 0;
}
