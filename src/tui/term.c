#include <config.h>
#include "tui/term.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>

#include "util/str.h"
#include "util/xalloc.h"

#define TERM_ESCDELAY_MS 25
#define MOUSE_INTERVAL_MS 0     /* no click detection delay: we read presses */

struct tterm {
    SCREEN *scr;
    FILE *out, *in;
    int colors;
    int lines_ok;
    const struct theme *th;
    struct grid front;      /* what is on screen */
    int valid;              /* front matches the screen */
};

/* The terminal to restore when out of memory (xalloc's hook takes no
 * argument). The one piece of global state here. */
static struct tterm *oom_term;

static void oom_restore(void)
{
    if (oom_term != NULL)
        endwin();
}

int term_check_tty(struct allot_err *err)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return err_setf(err, ALLOT_E_USAGE, "the interactive screen needs a terminal on "
                        "standard input and output; for scripts and pipes use the batch "
                        "subcommands (allot positions, allot export ..., see allot --help)");
    return 0;
}

int term_open(struct tterm **out, FILE *outf, FILE *inf, const char *type,
              struct allot_err *err)
{
    struct tterm *t;
    const char *name = type ? type : getenv("TERM");
    char *cup;
    SCREEN *scr;

    *out = NULL;
    if (name == NULL || name[0] == '\0')
        return err_setf(err, ALLOT_E_USAGE, "TERM is not set; the interactive screen needs "
                        "a terminal type (the batch subcommands do not: see allot --help)");
    scr = newterm(type, outf, inf);
    if (scr == NULL)
        return err_setf(err, ALLOT_E_USAGE, "terminal type \"%.60s\" is unknown to curses; "
                        "set TERM, or use the batch subcommands (see allot --help)", name);
    set_term(scr);
    cup = tigetstr("cup");
    if (cup == NULL || cup == (char *)-1) {
        endwin();
        delscreen(scr);
        return err_setf(err, ALLOT_E_USAGE, "terminal \"%.60s\" cannot move the cursor; the "
                        "interactive screen needs one that can (the batch subcommands do "
                        "not: see allot --help)", name);
    }
    t = xcalloc(1, sizeof *t);
    t->scr = scr;
    t->out = outf;
    t->in = inf;
    if (getenv("ESCDELAY") == NULL)
        set_escdelay(TERM_ESCDELAY_MS);
    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    leaveok(stdscr, FALSE);
    scrollok(stdscr, FALSE);
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(MOUSE_INTERVAL_MS);
    t->colors = has_colors() && COLORS >= 8;
    if (t->colors) {
        start_color();
        use_default_colors();
    }
    {
        char *acsc = tigetstr("acsc");
        t->lines_ok = acsc != NULL && acsc != (char *)-1 && acsc[0] != '\0';
    }
    curs_set(0);
    oom_term = t;
    xalloc_set_oom_hook(oom_restore);
    *out = t;
    return 0;
}

void term_close(struct tterm *t)
{
    if (t == NULL)
        return;
    curs_set(1);
    endwin();
    delscreen(t->scr);
    if (oom_term == t) {
        oom_term = NULL;
        xalloc_set_oom_hook(NULL);
    }
    grid_done(&t->front);
    free(t);
}

int term_has_colors(const struct tterm *t)
{
    return t->colors;
}

int term_can_draw_lines(const struct tterm *t)
{
    return t->lines_ok;
}

void term_set_theme(struct tterm *t, const struct theme *th)
{
    t->th = th;
    if (t->colors && th->color) {
        for (int r = 0; r < ROLE_COUNT && r + 1 < COLOR_PAIRS; r++) {
            struct style s = theme_style(th, r);
            init_pair((short)(r + 1), (short)s.fg, (short)s.bg);
        }
    }
    t->valid = 0;
}

void term_size(const struct tterm *t, int *w, int *h)
{
    (void)t;
    *w = COLS;
    *h = LINES;
}

int term_fd(const struct tterm *t)
{
    return fileno(t->in);
}

static int map_key(int k)
{
    switch (k) {
    case KEY_UP: return TK_UP;
    case KEY_DOWN: return TK_DOWN;
    case KEY_LEFT: return TK_LEFT;
    case KEY_RIGHT: return TK_RIGHT;
    case KEY_PPAGE: return TK_PGUP;
    case KEY_NPAGE: return TK_PGDN;
    case KEY_HOME: return TK_HOME;
    case KEY_END: return TK_END;
    case KEY_IC: return TK_INS;
    case KEY_DC: return TK_DEL;
    case KEY_BACKSPACE: return TK_BS;
    case KEY_ENTER: return TK_ENTER;
    case KEY_BTAB: return TK_BTAB;
    case KEY_RESIZE: return TK_RESIZE;
    default:
        break;
    }
    if (k >= KEY_F(1) && k <= KEY_F(24))
        return TK_F(k - KEY_F0);
    return TK_NONE;
}

static int map_char(wint_t c)
{
    switch (c) {
    case '\r':
    case '\n':
        return TK_ENTER;
    case '\t':
        return TK_TAB;
    case 27:
        return TK_ESC;
    case 8:
    case 127:
        return TK_BS;
    default:
        return (int)c;
    }
}

int term_read(struct tterm *t, struct tui_event *ev)
{
    wint_t c;
    int rc;
    (void)t;
    for (;;) {
        rc = get_wch(&c);
        if (rc == ERR)
            return 0;
        ev->mx = ev->my = -1;
        if (rc == KEY_CODE_YES) {
            if (c == KEY_MOUSE) {
                MEVENT me;
                if (getmouse(&me) != OK)
                    continue;
                ev->mx = me.x;
                ev->my = me.y;
                if (me.bstate & BUTTON4_PRESSED)
                    ev->key = TK_WHEEL_UP;
                else if (me.bstate & BUTTON5_PRESSED)
                    ev->key = TK_WHEEL_DOWN;
                else if (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
                    ev->key = TK_CLICK;
                else
                    continue;
                return 1;
            }
            ev->key = map_key((int)c);
            if (ev->key == TK_NONE)
                continue;
            return 1;
        }
        ev->key = map_char(c);
        return 1;
    }
}

static attr_t attrs_of(const struct tterm *t, int role, int flags)
{
    struct style s = theme_style(t->th, role);
    attr_t a = A_NORMAL;
    if (s.attr & TA_BOLD || flags & GA_BOLD)
        a |= A_BOLD;
    if (s.attr & TA_REVERSE || flags & GA_REVERSE)
        a |= A_REVERSE;
    if (s.attr & TA_UNDERLINE || flags & GA_UNDERLINE)
        a |= A_UNDERLINE;
    if (s.attr & TA_DIM)
        a |= A_DIM;
    return a;
}

static int row_equal(const struct grid *a, const struct grid *b, int y)
{
    return memcmp(&a->c[y * a->w], &b->c[y * b->w], (size_t)a->w * sizeof a->c[0]) == 0;
}

void term_blit(struct tterm *t, const struct grid *g, int cx, int cy)
{
    int use_color = t->colors && t->th != NULL && t->th->color;
    if (!t->valid || t->front.w != g->w || t->front.h != g->h) {
        grid_resize(&t->front, g->w, g->h);
        clearok(curscr, TRUE);
        t->valid = 0;
    }
    for (int y = 0; y < g->h && y < LINES; y++) {
        if (t->valid && row_equal(g, &t->front, y))
            continue;
        for (int x = 0; x < g->w && x < COLS; x++) {
            const struct cell *c = &g->c[y * g->w + x];
            cchar_t cc;
            wchar_t wc[2];
            if (c->flags & GA_CONT)
                continue;
            wc[0] = (wchar_t)c->ch;
            wc[1] = L'\0';
            setcchar(&cc, wc, attrs_of(t, c->role, c->flags),
                     (short)(use_color ? c->role + 1 : 0), NULL);
            /* the bottom-right cell returns ERR (the cursor cannot move
             * past it) but is drawn */
            mvadd_wch(y, x, &cc);
        }
        memcpy(&t->front.c[y * g->w], &g->c[y * g->w], (size_t)g->w * sizeof g->c[0]);
    }
    t->valid = 1;
    if (cx >= 0 && cy >= 0 && cx < COLS && cy < LINES) {
        move(cy, cx);
        curs_set(1);
    } else {
        curs_set(0);
    }
    refresh();
}

void term_invalidate(struct tterm *t)
{
    t->valid = 0;
}
