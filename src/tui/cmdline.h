/* cmdline.h: text input. A line editor (UTF-8, cursor by character,
 * horizontal scrolling) used by form fields and the bottom line; the `:`
 * command line on top of it (history, Tab completion of the first word);
 * and the shell-like split of a command into argv. Renders into a grid;
 * knows no curses and runs nothing itself. */
#ifndef ALLOT_TUI_CMDLINE_H
#define ALLOT_TUI_CMDLINE_H

#include <stddef.h>

#include "tui/grid.h"
#include "tui/keymap.h"
#include "util/err.h"

#define LINEEDIT_MAX 1024   /* bytes of text a line holds */

struct lineedit {
    char buf[LINEEDIT_MAX];
    size_t len;             /* bytes */
    size_t cur;             /* byte offset of the cursor, on a character boundary */
    size_t scroll;          /* first byte shown (render keeps the cursor visible) */
};

void lineedit_set(struct lineedit *le, const char *text);
const char *lineedit_text(const struct lineedit *le);
/* Insert code point cp at the cursor; 0, or -1 when full. */
int lineedit_insert(struct lineedit *le, unsigned cp);
/* Apply an editing action (cursor-left/right, line-start/end,
 * delete-back/forward, clear-line); returns 1 if it was one, else 0. */
int lineedit_action(struct lineedit *le, int action);
/* Draw the text in w columns at (x, y), scrolled so the cursor shows;
 * *cx receives the cursor's column. */
void lineedit_render(struct lineedit *le, struct grid *g, int x, int y, int w, int role,
                     int *cx);

/* The command line: a line editor, its history and completion words. */
#define CMDLINE_HISTORY_MAX 100
struct cmdline {
    struct lineedit le;
    char *hist[CMDLINE_HISTORY_MAX];    /* oldest first */
    size_t nhist;
    size_t hpos;                        /* == nhist when not browsing */
    char saved[LINEEDIT_MAX];           /* the line typed before browsing */
    const char *const *words;           /* first words to complete */
    size_t nwords;
};

void cmdline_init(struct cmdline *c, const char *const *words, size_t nwords);
void cmdline_done(struct cmdline *c);
/* Start editing text (the line, not the history). */
void cmdline_start(struct cmdline *c, const char *text);
/* Append line to the history (not when empty or equal to the last). */
void cmdline_remember(struct cmdline *c, const char *line);
/* history-prev/next, complete, and the editing actions; returns 1 if
 * handled. Completion writes what it found (the candidates, or "no
 * match") into msg (size n), "" when nothing to say. */
int cmdline_action(struct cmdline *c, int action, char *msg, size_t n);
/* Complete the first word of the line against the words: a unique match
 * is completed with a space; several extend to their common prefix and
 * are listed in msg. Returns the number of matches. */
size_t cmdline_complete(struct cmdline *c, char *msg, size_t n);

/* Split s into words the way a shell would for simple commands:
 * blanks separate; '...' is literal; "..." allows \" \\ \$ \`; a
 * backslash outside quotes takes the next character literally. On
 * success *argv (NULL-terminated) and its strings are malloc'd: free
 * with cmdline_argv_free. An unterminated quote is ALLOT_E_INPUT with
 * err->col the quote's column. */
int cmdline_split(const char *s, int *argc, char ***argv, struct allot_err *err);
void cmdline_argv_free(int argc, char **argv);

#endif
