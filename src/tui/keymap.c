#include <config.h>
#include "tui/keymap.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

static const struct action_info actions[A_COUNT] = {
    [A_NONE] = { "none", "does nothing (unbinds a key)" },
    [A_QUIT] = { "quit", "quit (asks first if a form is unsaved)" },
    [A_INTERRUPT] = { "interrupt", "quit at once, dropping unsaved input" },
    [A_HELP] = { "help", "show the keys and what they do" },
    [A_COMMAND] = { "command", "command line (:positions, :import ...)" },
    [A_SEARCH] = { "search", "filter the table's rows as you type" },
    [A_UNDO] = { "undo", "undo the last journaled change" },
    [A_RELOAD] = { "reload", "reload the data from the store" },
    [A_REDRAW] = { "redraw", "redraw the whole terminal" },
    [A_PORTFOLIO] = { "portfolio", "choose the portfolio shown" },
    [A_SCREEN1] = { "screen-1", "Positions screen" },
    [A_SCREEN2] = { "screen-2", "Exposure screen" },
    [A_SCREEN3] = { "screen-3", "Correlation screen" },
    [A_SCREEN4] = { "screen-4", "Optimize screen" },
    [A_SCREEN5] = { "screen-5", "Risk screen" },
    [A_NEXT_SCREEN] = { "next-screen", "next screen" },
    [A_PREV_SCREEN] = { "prev-screen", "previous screen" },
    [A_DOWN] = { "down", "down one row" },
    [A_UP] = { "up", "up one row" },
    [A_LEFT] = { "left", "previous column or pane; scroll left" },
    [A_RIGHT] = { "right", "next column or pane; scroll right" },
    [A_PAGE_DOWN] = { "page-down", "down one page" },
    [A_PAGE_UP] = { "page-up", "up one page" },
    [A_TOP] = { "top", "first row" },
    [A_BOTTOM] = { "bottom", "last row" },
    [A_SCROLL_DOWN] = { "scroll-down", "scroll down three rows" },
    [A_SCROLL_UP] = { "scroll-up", "scroll up three rows" },
    [A_CLICK] = { "click", "select the row or tab under the mouse" },
    [A_CANCEL] = { "cancel", "close what is open; clear the filter" },
    [A_SORT] = { "sort", "sort by this column; again: reverse" },
    [A_ADD] = { "add", "add a position (opens the form)" },
    [A_EDIT] = { "edit", "edit the selected position" },
    [A_DELETE] = { "delete", "delete the selected position (asks)" },
    [A_NEXT_FIELD] = { "next-field", "next field" },
    [A_PREV_FIELD] = { "prev-field", "previous field" },
    [A_SAVE] = { "save", "save (undoable), or run the optimizer" },
    [A_CHOICE_NEXT] = { "choice-next", "next value of kind or type" },
    [A_CHOICE_PREV] = { "choice-prev", "previous value of kind or type" },
    [A_ACCEPT] = { "accept", "run the command, or keep the filter" },
    [A_HISTORY_PREV] = { "history-prev", "previous command in the history" },
    [A_HISTORY_NEXT] = { "history-next", "next command in the history" },
    [A_COMPLETE] = { "complete", "complete the subcommand name" },
    [A_CURSOR_LEFT] = { "cursor-left", "cursor left (kind, type: cycle)" },
    [A_CURSOR_RIGHT] = { "cursor-right", "cursor right (kind, type: cycle)" },
    [A_LINE_START] = { "line-start", "cursor to the start" },
    [A_LINE_END] = { "line-end", "cursor to the end" },
    [A_DELETE_BACK] = { "delete-back", "delete the character before" },
    [A_DELETE_FORWARD] = { "delete-forward", "delete the character under" },
    [A_CLEAR_LINE] = { "clear-line", "clear the field" },
    [A_CLOSE] = { "close", "close" },
    [A_SELECT] = { "select", "choose the selected line (lists)" },
    [A_YES] = { "yes", "answer yes" },
    [A_NO] = { "no", "answer no" },
    [A_NEXT_PANE] = { "next-pane", "move the focus to the next pane" },
    [A_ESTIMATOR] = { "estimator", "cycle the covariance estimator" },
    [A_WINDOW] = { "window", "cycle the window: all, 365, 90, 30" },
    [A_REGIME] = { "regime", "cycle days: all, stress, blend, calm" },
    [A_UNIVERSE] = { "universe", "the book's assets or every symbol" },
    [A_TO_RISK_PARITY] = { "risk-parity", "risk parity on the crypto shown" },
    [A_PARAMS] = { "parameters", "edit the parameters, then run" },
    [A_APPLY] = { "apply", "apply the proposal (asks, undoable)" },
    [A_DISCARD] = { "discard", "discard the proposal" },
    [A_NEXT_UNDERLYING] = { "payoff-next", "payoff of the next underlying" },
    [A_PREV_UNDERLYING] = { "payoff-prev", "payoff of the previous underlying" },
    [A_MONTE_CARLO] = { "monte-carlo", "run Monte-Carlo VaR (Esc cancels)" },
    [A_PAYOFF_LATER] = { "payoff-later", "payoff date a week later" },
    [A_PAYOFF_EARLIER] = { "payoff-earlier", "payoff date a week earlier" },
};

static const char *const ctx_names[KC_COUNT] = {
    [KC_GLOBAL] = "global", [KC_TABLE] = "table", [KC_POSITIONS] = "positions",
    [KC_EXPOSURE] = "exposure", [KC_CORRELATION] = "correlation",
    [KC_OPTIMIZE] = "optimize", [KC_RISK] = "risk", [KC_FORM] = "form",
    [KC_PROMPT] = "prompt", [KC_PAGER] = "pager", [KC_CONFIRM] = "confirm",
};

static const char *const ctx_titles[KC_COUNT] = {
    [KC_GLOBAL] = "Everywhere (no form, prompt or list open)",
    [KC_TABLE] = "Screens with a table",
    [KC_POSITIONS] = "Positions screen",
    [KC_EXPOSURE] = "Exposure screen",
    [KC_CORRELATION] = "Correlation screen",
    [KC_OPTIMIZE] = "Optimize screen",
    [KC_RISK] = "Risk screen",
    [KC_FORM] = "Forms (position, optimizer parameters)",
    [KC_PROMPT] = "Command line and search line",
    [KC_PAGER] = "Help, command output and lists",
    [KC_CONFIRM] = "Questions (y/n)",
};

#define B(c, k, a) { KC_##c, k, A_##a }
static const struct binding defaults[] = {
    B(GLOBAL, 'q', QUIT), B(GLOBAL, TK_F(10), QUIT),
    B(GLOBAL, TK_CTRL('c'), INTERRUPT),
    B(GLOBAL, '?', HELP), B(GLOBAL, TK_F(1), HELP),
    B(GLOBAL, ':', COMMAND),
    B(GLOBAL, '/', SEARCH),
    B(GLOBAL, 'u', UNDO),
    B(GLOBAL, 'r', RELOAD), B(GLOBAL, TK_F(5), RELOAD),
    B(GLOBAL, TK_CTRL('l'), REDRAW),
    B(GLOBAL, 'p', PORTFOLIO),
    B(GLOBAL, '1', SCREEN1), B(GLOBAL, '2', SCREEN2), B(GLOBAL, '3', SCREEN3),
    B(GLOBAL, '4', SCREEN4), B(GLOBAL, '5', SCREEN5),
    B(GLOBAL, TK_TAB, NEXT_SCREEN), B(GLOBAL, TK_BTAB, PREV_SCREEN),
    B(GLOBAL, 'j', DOWN), B(GLOBAL, TK_DOWN, DOWN),
    B(GLOBAL, 'k', UP), B(GLOBAL, TK_UP, UP),
    B(GLOBAL, 'h', LEFT), B(GLOBAL, TK_LEFT, LEFT),
    B(GLOBAL, 'l', RIGHT), B(GLOBAL, TK_RIGHT, RIGHT),
    B(GLOBAL, TK_PGDN, PAGE_DOWN), B(GLOBAL, TK_CTRL('f'), PAGE_DOWN),
    B(GLOBAL, TK_PGUP, PAGE_UP), B(GLOBAL, TK_CTRL('b'), PAGE_UP),
    B(GLOBAL, 'g', TOP), B(GLOBAL, TK_HOME, TOP),
    B(GLOBAL, 'G', BOTTOM), B(GLOBAL, TK_END, BOTTOM),
    B(GLOBAL, TK_WHEEL_DOWN, SCROLL_DOWN), B(GLOBAL, TK_WHEEL_UP, SCROLL_UP),
    B(GLOBAL, TK_CLICK, CLICK),
    B(GLOBAL, TK_ESC, CANCEL),
    B(GLOBAL, 'w', NEXT_PANE),

    B(TABLE, 's', SORT),

    B(POSITIONS, 'a', ADD), B(POSITIONS, TK_INS, ADD),
    B(POSITIONS, 'e', EDIT), B(POSITIONS, TK_ENTER, EDIT),
    B(POSITIONS, 'd', DELETE), B(POSITIONS, TK_DEL, DELETE),

    B(CORRELATION, 'e', ESTIMATOR), B(CORRELATION, 't', WINDOW),
    B(CORRELATION, 's', REGIME), B(CORRELATION, 'a', UNIVERSE),
    B(CORRELATION, 'R', TO_RISK_PARITY),

    B(OPTIMIZE, TK_ENTER, PARAMS), B(OPTIMIZE, 'e', PARAMS),
    B(OPTIMIZE, 'a', APPLY),
    B(OPTIMIZE, 'x', DISCARD), B(OPTIMIZE, TK_DEL, DISCARD),

    B(RISK, 'n', NEXT_UNDERLYING), B(RISK, 'N', PREV_UNDERLYING),
    B(RISK, 'm', MONTE_CARLO), B(RISK, ']', PAYOFF_LATER), B(RISK, '[', PAYOFF_EARLIER),

    B(FORM, TK_TAB, NEXT_FIELD), B(FORM, TK_DOWN, NEXT_FIELD),
    B(FORM, TK_BTAB, PREV_FIELD), B(FORM, TK_UP, PREV_FIELD),
    B(FORM, TK_ENTER, SAVE),
    B(FORM, TK_ESC, CANCEL),
    B(FORM, ' ', CHOICE_NEXT), B(FORM, TK_CTRL('n'), CHOICE_NEXT),
    B(FORM, TK_CTRL('p'), CHOICE_PREV),
    B(FORM, TK_LEFT, CURSOR_LEFT), B(FORM, TK_RIGHT, CURSOR_RIGHT),
    B(FORM, TK_HOME, LINE_START), B(FORM, TK_CTRL('a'), LINE_START),
    B(FORM, TK_END, LINE_END), B(FORM, TK_CTRL('e'), LINE_END),
    B(FORM, TK_BS, DELETE_BACK), B(FORM, TK_DEL, DELETE_FORWARD),
    B(FORM, TK_CTRL('d'), DELETE_FORWARD), B(FORM, TK_CTRL('u'), CLEAR_LINE),
    B(FORM, TK_CTRL('c'), INTERRUPT),

    B(PROMPT, TK_ENTER, ACCEPT), B(PROMPT, TK_ESC, CANCEL),
    B(PROMPT, TK_UP, HISTORY_PREV), B(PROMPT, TK_CTRL('p'), HISTORY_PREV),
    B(PROMPT, TK_DOWN, HISTORY_NEXT), B(PROMPT, TK_CTRL('n'), HISTORY_NEXT),
    B(PROMPT, TK_TAB, COMPLETE),
    B(PROMPT, TK_LEFT, CURSOR_LEFT), B(PROMPT, TK_RIGHT, CURSOR_RIGHT),
    B(PROMPT, TK_HOME, LINE_START), B(PROMPT, TK_CTRL('a'), LINE_START),
    B(PROMPT, TK_END, LINE_END), B(PROMPT, TK_CTRL('e'), LINE_END),
    B(PROMPT, TK_BS, DELETE_BACK), B(PROMPT, TK_DEL, DELETE_FORWARD),
    B(PROMPT, TK_CTRL('d'), DELETE_FORWARD), B(PROMPT, TK_CTRL('u'), CLEAR_LINE),
    B(PROMPT, TK_CTRL('c'), INTERRUPT),

    B(PAGER, 'j', DOWN), B(PAGER, TK_DOWN, DOWN),
    B(PAGER, 'k', UP), B(PAGER, TK_UP, UP),
    B(PAGER, 'h', LEFT), B(PAGER, TK_LEFT, LEFT),
    B(PAGER, 'l', RIGHT), B(PAGER, TK_RIGHT, RIGHT),
    B(PAGER, TK_PGDN, PAGE_DOWN), B(PAGER, ' ', PAGE_DOWN), B(PAGER, TK_CTRL('f'), PAGE_DOWN),
    B(PAGER, TK_PGUP, PAGE_UP), B(PAGER, TK_CTRL('b'), PAGE_UP),
    B(PAGER, 'g', TOP), B(PAGER, TK_HOME, TOP),
    B(PAGER, 'G', BOTTOM), B(PAGER, TK_END, BOTTOM),
    B(PAGER, TK_WHEEL_DOWN, SCROLL_DOWN), B(PAGER, TK_WHEEL_UP, SCROLL_UP),
    B(PAGER, TK_CLICK, CLICK),
    B(PAGER, TK_ENTER, SELECT),
    B(PAGER, 'q', CLOSE), B(PAGER, TK_ESC, CLOSE), B(PAGER, '?', CLOSE),
    B(PAGER, TK_CTRL('c'), INTERRUPT),

    B(CONFIRM, 'y', YES), B(CONFIRM, 'n', NO), B(CONFIRM, TK_ESC, NO),
    B(CONFIRM, TK_CTRL('c'), INTERRUPT),
};
#undef B
#define NDEFAULTS (sizeof defaults / sizeof defaults[0])

const struct action_info *keymap_action(enum action a)
{
    if ((int)a < 0 || a >= A_COUNT)
        return &actions[A_NONE];
    return &actions[a];
}

const char *keymap_ctx_name(enum keyctx c)
{
    return (int)c >= 0 && c < KC_COUNT ? ctx_names[c] : "?";
}

const char *keymap_ctx_title(enum keyctx c)
{
    return (int)c >= 0 && c < KC_COUNT ? ctx_titles[c] : "?";
}

int keymap_action_by_name(const char *name)
{
    for (int a = 0; a < A_COUNT; a++)
        if (strcmp(actions[a].name, name) == 0)
            return a;
    return -1;
}

int keymap_ctx_by_name(const char *name)
{
    for (int c = 0; c < KC_COUNT; c++)
        if (strcmp(ctx_names[c], name) == 0)
            return c;
    return -1;
}

void keymap_init(struct keymap *km)
{
    km->cap = NDEFAULTS + 16;
    km->b = xreallocarray(NULL, km->cap, sizeof *km->b);
    memcpy(km->b, defaults, sizeof defaults);
    km->n = NDEFAULTS;
}

void keymap_done(struct keymap *km)
{
    free(km->b);
    km->b = NULL;
    km->n = km->cap = 0;
}

void keymap_bind(struct keymap *km, enum keyctx ctx, int key, enum action action)
{
    for (size_t i = 0; i < km->n; i++) {
        if (km->b[i].ctx == ctx && km->b[i].key == key) {
            km->b[i].action = action;
            return;
        }
    }
    if (km->n == km->cap) {
        km->cap = km->cap ? km->cap * 2 : 32;
        km->b = xreallocarray(km->b, km->cap, sizeof *km->b);
    }
    km->b[km->n].ctx = ctx;
    km->b[km->n].key = key;
    km->b[km->n].action = action;
    km->n++;
}

int keymap_unbind(struct keymap *km, enum keyctx ctx, int key)
{
    for (size_t i = 0; i < km->n; i++) {
        if (km->b[i].ctx == ctx && km->b[i].key == key) {
            memmove(&km->b[i], &km->b[i + 1], (km->n - i - 1) * sizeof *km->b);
            km->n--;
            return 1;
        }
    }
    return 0;
}

enum action keymap_lookup1(const struct keymap *km, enum keyctx ctx, int key)
{
    for (size_t i = 0; i < km->n; i++)
        if (km->b[i].ctx == ctx && km->b[i].key == key)
            return km->b[i].action;
    return A_NONE;
}

enum action keymap_lookup(const struct keymap *km, const enum keyctx *chain, size_t n, int key)
{
    for (size_t i = 0; i < n; i++) {
        /* a key bound to "none" in an earlier context hides later ones */
        for (size_t j = 0; j < km->n; j++)
            if (km->b[j].ctx == chain[i] && km->b[j].key == key)
                return km->b[j].action;
    }
    return A_NONE;
}

/* ---- key names ---- */

static const struct {
    int key;
    const char *name;
} key_names[] = {
    { TK_UP, "Up" }, { TK_DOWN, "Down" }, { TK_LEFT, "Left" }, { TK_RIGHT, "Right" },
    { TK_PGUP, "PgUp" }, { TK_PGDN, "PgDn" }, { TK_HOME, "Home" }, { TK_END, "End" },
    { TK_INS, "Ins" }, { TK_DEL, "Del" }, { TK_BS, "BS" }, { TK_ENTER, "Enter" },
    { TK_TAB, "Tab" }, { TK_BTAB, "S-Tab" }, { TK_ESC, "Esc" }, { ' ', "Space" },
    { '<', "lt" }, { TK_RESIZE, "Resize" }, { TK_CLICK, "Click" },
    { TK_WHEEL_UP, "WheelUp" }, { TK_WHEEL_DOWN, "WheelDown" },
};
#define NKEYNAMES (sizeof key_names / sizeof key_names[0])

int keymap_key_parse(const char *s)
{
    size_t n = strlen(s);
    char inner[32];
    if (n == 0)
        return -1;
    if (s[0] != '<' || n == 1) {
        /* one character, in UTF-8 */
        const unsigned char *u = (const unsigned char *)s;
        unsigned cp;
        size_t len;
        if (u[0] < 0x80) {
            cp = u[0];
            len = 1;
        } else if ((u[0] & 0xe0) == 0xc0 && n >= 2) {
            cp = ((u[0] & 0x1fu) << 6) | (u[1] & 0x3fu);
            len = 2;
        } else if ((u[0] & 0xf0) == 0xe0 && n >= 3) {
            cp = ((u[0] & 0x0fu) << 12) | ((u[1] & 0x3fu) << 6) | (u[2] & 0x3fu);
            len = 3;
        } else if ((u[0] & 0xf8) == 0xf0 && n >= 4) {
            cp = ((u[0] & 0x07u) << 18) | ((u[1] & 0x3fu) << 12) | ((u[2] & 0x3fu) << 6) |
                 (u[3] & 0x3fu);
            len = 4;
        } else {
            return -1;
        }
        if (len != n || cp < ' ' || cp == 0x7f)
            return -1;
        return (int)cp;
    }
    if (s[n - 1] != '>' || n - 2 >= sizeof inner)
        return -1;
    memcpy(inner, s + 1, n - 2);
    inner[n - 2] = '\0';
    for (size_t i = 0; i < NKEYNAMES; i++)
        if (strcasecmp(inner, key_names[i].name) == 0)
            return key_names[i].key;
    if ((inner[0] == 'F' || inner[0] == 'f') && inner[1] >= '1' && inner[1] <= '9') {
        char *end;
        long f = strtol(inner + 1, &end, 10);
        if (*end == '\0' && f >= 1 && f <= 24)
            return TK_F((int)f);
        return -1;
    }
    if ((inner[0] == 'C' || inner[0] == 'c') && inner[1] == '-' && inner[2] != '\0' &&
        inner[3] == '\0') {
        int c = inner[2] | 0x20;
        if (c < 'a' || c > 'z')
            return -1;
        if (c == 'i')
            return TK_TAB;
        if (c == 'j' || c == 'm')
            return TK_ENTER;
        if (c == 'h')
            return TK_BS;
        return TK_CTRL(c);
    }
    return -1;
}

const char *keymap_key_name(int key, char *out, size_t n)
{
    for (size_t i = 0; i < NKEYNAMES; i++) {
        if (key_names[i].key == key) {
            snprintf(out, n, "<%s>", key_names[i].name);
            return out;
        }
    }
    if (key > TK_F0 && key <= TK_LAST)
        snprintf(out, n, "<F%d>", key - TK_F0);
    else if (key >= 1 && key <= 26)
        snprintf(out, n, "<C-%c>", 'a' + key - 1);
    else if (key > ' ' && key < TK_BASE && key != 0x7f) {
        char b[8];
        unsigned cp = (unsigned)key;
        /* UTF-8, written out here to keep keymap free of grid.h */
        if (cp < 0x80) {
            b[0] = (char)cp;
            b[1] = '\0';
        } else if (cp < 0x800) {
            b[0] = (char)(0xc0 | (cp >> 6));
            b[1] = (char)(0x80 | (cp & 0x3f));
            b[2] = '\0';
        } else if (cp < 0x10000) {
            b[0] = (char)(0xe0 | (cp >> 12));
            b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
            b[2] = (char)(0x80 | (cp & 0x3f));
            b[3] = '\0';
        } else {
            b[0] = (char)(0xf0 | (cp >> 18));
            b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
            b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
            b[3] = (char)(0x80 | (cp & 0x3f));
            b[4] = '\0';
        }
        snprintf(out, n, "%s", b);
    } else {
        snprintf(out, n, "<?%d>", key);
    }
    return out;
}

int keymap_key_printable(int key)
{
    return key >= ' ' && key < TK_BASE && key != 0x7f;
}

/* ---- help and man page ---- */

#define HELP_KEYS_W 20      /* the keys column of the help screen */

static void keys_of(const struct binding *b, size_t n, enum keyctx ctx, enum action a,
                    struct strbuf *out, const char *sep)
{
    char name[32];
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        if (b[i].ctx != ctx || b[i].action != a)
            continue;
        if (!first)
            strbuf_puts(out, sep);
        strbuf_puts(out, keymap_key_name(b[i].key, name, sizeof name));
        first = 0;
    }
}

void keymap_keys_of(const struct keymap *km, enum keyctx ctx, enum action a, struct strbuf *out)
{
    keys_of(km->b, km->n, ctx, a, out, ", ");
}

/* The actions bound in ctx, each once, in the order of first binding. */
static size_t ctx_actions(const struct binding *b, size_t n, enum keyctx ctx,
                          enum action out[A_COUNT])
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j;
        if (b[i].ctx != ctx || b[i].action == A_NONE)
            continue;
        for (j = 0; j < k && out[j] != b[i].action; j++)
            ;
        if (j == k && k < A_COUNT)
            out[k++] = b[i].action;
    }
    return k;
}

void keymap_help_text(const struct keymap *km, struct strbuf *out)
{
    enum action acts[A_COUNT];
    struct strbuf keys = { 0 };
    int first = 1;
    for (int c = 0; c < KC_COUNT; c++) {
        size_t k = ctx_actions(km->b, km->n, (enum keyctx)c, acts);
        if (k == 0)
            continue;
        if (!first)
            strbuf_puts(out, "\n");
        first = 0;
        strbuf_printf(out, "%s  [%s]\n", ctx_titles[c], ctx_names[c]);
        for (size_t i = 0; i < k; i++) {
            strbuf_reset(&keys);
            keys_of(km->b, km->n, (enum keyctx)c, acts[i], &keys, " ");
            strbuf_printf(out, "  %-*s %-14s %s\n", HELP_KEYS_W, strbuf_str(&keys),
                          actions[acts[i]].name, actions[acts[i]].help);
        }
    }
    strbuf_free(&keys);
}

/* roff-escape s: backslash and minus */
static void roff_puts(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else
            fputc(*s, out);
    }
}

void keymap_roff(FILE *out)
{
    enum action acts[A_COUNT];
    char name[32];
    fputs(".SH KEYS\n"
          "The keys of the interactive screen, by context: the screen's own keys\n"
          "first, then those of screens with a table, then those that work\n"
          "everywhere; a form, the command line, a list and a question take every\n"
          "key while they are open.\n"
          "Keys are written as in the configuration file (see\n"
          ".BR CONFIGURATION ):\n"
          "a character stands for itself, \\fB<C\\-x>\\fR is Ctrl\\-X,\n"
          "\\fB<S\\-Tab>\\fR is Shift\\-Tab, \\fB<F1>\\fR to \\fB<F24>\\fR are function keys\n"
          "(each has a letter twin, for terminals and SSH links that lose them),\n"
          "and \\fB<Click>\\fR, \\fB<WheelUp>\\fR, \\fB<WheelDown>\\fR are the mouse.\n"
          "The name in italics is the action, as \\fBbind\\fR takes it.\n", out);
    for (int c = 0; c < KC_COUNT; c++) {
        size_t k = ctx_actions(defaults, NDEFAULTS, (enum keyctx)c, acts);
        if (k == 0)
            continue;
        fprintf(out, ".SS \"%s\"\n", ctx_titles[c]);
        fputs("Context \\fB", out);
        roff_puts(out, ctx_names[c]);
        fputs("\\fR.\n", out);
        for (size_t i = 0; i < k; i++) {
            int first = 1;
            fputs(".TP\n", out);
            for (size_t j = 0; j < NDEFAULTS; j++) {
                if (defaults[j].ctx != (enum keyctx)c || defaults[j].action != acts[i])
                    continue;
                fputs(first ? "\\fB" : "\\fR, \\fB", out);
                roff_puts(out, keymap_key_name(defaults[j].key, name, sizeof name));
                first = 0;
            }
            fputs("\\fR (\\fI", out);
            roff_puts(out, actions[acts[i]].name);
            fputs("\\fR)\n", out);
            /* help texts start lower case; capitalise for the page */
            {
                const char *h = actions[acts[i]].help;
                char first_c = h[0] >= 'a' && h[0] <= 'z' ? (char)(h[0] - 32) : h[0];
                fputc(first_c, out);
                roff_puts(out, h + 1);
                fputs(".\n", out);
            }
        }
    }
}
