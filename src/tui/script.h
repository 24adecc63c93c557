/* script.h: replay of a key script without a terminal (allot --script),
 * for tests and bug reports. One event a line:
 *   j  ?  <Down>  <F5>  <C-c>  <Enter>   one key (see keymap.h for names)
 *   <Click:X,Y> <WheelUp:X,Y>            a mouse event at cell X,Y (0-based)
 *   :COMMAND                             ':', COMMAND typed, Enter
 *   type TEXT                            each character of TEXT typed
 *   size WxH                             the terminal is resized
 *   wait MS                              the feed (--simulate, --feed) runs MS ms of
 *                                        its clock, in the loop's steps: over the
 *                                        simulator with --seed, always the same quotes
 *   # ...  and blank lines               ignored
 * `:dump` (a command) prints the screen at that point. */
#ifndef ALLOT_TUI_SCRIPT_H
#define ALLOT_TUI_SCRIPT_H

#include <stdio.h>

#include "util/err.h"

struct app;

/* Parse "WxH" (each 1..1000); 0 or -1. */
int script_parse_size(const char *s, int *w, int *h);

/* Replay path on app, screens dumped to out. Stops early when the app
 * quits. Returns 0, or ALLOT_E_INPUT / ALLOT_E_IO with err located at the
 * bad line. */
int script_run(struct app *app, const char *path, FILE *out, struct allot_err *err);

#endif
