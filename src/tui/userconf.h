/* userconf.h: the user's configuration file, $XDG_CONFIG_HOME/allot/config
 * (else ~/.config/allot/config): key bindings and display settings, one
 * directive a line (see man allot, CONFIGURATION). A bad line is
 * reported as FILE:LINE: message and skipped; nothing here is fatal. */
#ifndef ALLOT_TUI_USERCONF_H
#define ALLOT_TUI_USERCONF_H

#include <stddef.h>

#include "tui/keymap.h"

#define USERCONF_MAX_ERRORS 8
#define USERCONF_ERR_MAX 512

struct userconf {
    int color;              /* -1 unset, 0 off, 1 on */
    int glyphs;             /* -1 unset (auto), 0 ascii, 1 unicode */
    char path[512];         /* the file read, "" when none */
    char errors[USERCONF_MAX_ERRORS][USERCONF_ERR_MAX];    /* "FILE:LINE: msg", ~ for $HOME */
    size_t nerrors;         /* bad lines (counted past USERCONF_MAX_ERRORS too) */
};

/* The file's path into out: $XDG_CONFIG_HOME/allot/config, else
 * $HOME/.config/allot/config; "" when neither variable is set. */
void userconf_default_path(char *out, size_t n);

/* Read path (NULL: the default path) into km and cfg. A missing file is
 * no error. Returns the number of bad lines. */
size_t userconf_load(const char *path, struct keymap *km, struct userconf *cfg);

/* Apply one line (no newline) to km and cfg. Returns 0, or -1 with a
 * message (without location) in msg. */
int userconf_line(const char *line, struct keymap *km, struct userconf *cfg, char *msg, size_t n);

#endif
