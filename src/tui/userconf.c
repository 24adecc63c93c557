#include <config.h>
#include "tui/userconf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

#define CONFIG_LINE_MAX 1024
#define CONFIG_WORDS 5

void userconf_default_path(char *out, size_t n)
{
    const char *x = getenv("XDG_CONFIG_HOME"), *h = getenv("HOME");
    if (x != NULL && x[0] != '\0')
        snprintf(out, n, "%s/allot/config", x);
    else if (h != NULL && h[0] != '\0')
        snprintf(out, n, "%s/.config/allot/config", h);
    else
        out[0] = '\0';
}

/* Split at blanks into at most CONFIG_WORDS words (in place). */
static int words(char *s, char **w)
{
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(s, " \t", &save); t != NULL; t = strtok_r(NULL, " \t", &save)) {
        if (n == CONFIG_WORDS)
            return n + 1;
        w[n++] = t;
    }
    return n;
}

static int on_off(const char *v, int *out)
{
    if (strcmp(v, "on") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0) {
        *out = 1;
        return 0;
    }
    if (strcmp(v, "off") == 0 || strcmp(v, "no") == 0 || strcmp(v, "false") == 0) {
        *out = 0;
        return 0;
    }
    return -1;
}

int userconf_line(const char *line, struct keymap *km, struct userconf *cfg, char *msg, size_t n)
{
    char buf[CONFIG_LINE_MAX], *w[CONFIG_WORDS];
    int nw, ctx, key, action;
    if (str_copy(buf, sizeof buf, line)) {
        snprintf(msg, n, "line longer than %d bytes", CONFIG_LINE_MAX - 1);
        return -1;
    }
    buf[strcspn(buf, "\r")] = '\0';
    nw = words(buf, w);
    if (nw == 0 || w[0][0] == '#')
        return 0;
    if (strcmp(w[0], "bind") == 0 || strcmp(w[0], "unbind") == 0) {
        int bind = w[0][0] == 'b';
        if (nw != (bind ? 4 : 3)) {
            snprintf(msg, n, bind ? "expected: bind CONTEXT KEY ACTION"
                                  : "expected: unbind CONTEXT KEY");
            return -1;
        }
        if ((ctx = keymap_ctx_by_name(w[1])) < 0) {
            snprintf(msg, n, "unknown context \"%.40s\"", w[1]);
            return -1;
        }
        if ((key = keymap_key_parse(w[2])) < 0) {
            snprintf(msg, n, "unknown key \"%.40s\"", w[2]);
            return -1;
        }
        if (!bind) {
            if (!keymap_unbind(km, (enum keyctx)ctx, key)) {
                snprintf(msg, n, "%.40s is not bound in %s", w[2], w[1]);
                return -1;
            }
            return 0;
        }
        if ((action = keymap_action_by_name(w[3])) < 0) {
            snprintf(msg, n, "unknown action \"%.40s\"", w[3]);
            return -1;
        }
        keymap_bind(km, (enum keyctx)ctx, key, (enum action)action);
        return 0;
    }
    if (strcmp(w[0], "set") == 0) {
        if (nw != 3) {
            snprintf(msg, n, "expected: set NAME VALUE");
            return -1;
        }
        if (strcmp(w[1], "color") == 0 || strcmp(w[1], "colour") == 0) {
            if (on_off(w[2], &cfg->color) != 0) {
                snprintf(msg, n, "set color takes on or off, not \"%.40s\"", w[2]);
                return -1;
            }
            return 0;
        }
        if (strcmp(w[1], "glyphs") == 0) {
            if (strcmp(w[2], "ascii") == 0)
                cfg->glyphs = 0;
            else if (strcmp(w[2], "unicode") == 0)
                cfg->glyphs = 1;
            else if (strcmp(w[2], "auto") == 0)
                cfg->glyphs = -1;
            else {
                snprintf(msg, n, "set glyphs takes auto, unicode or ascii, not \"%.40s\"", w[2]);
                return -1;
            }
            return 0;
        }
        snprintf(msg, n, "unknown setting \"%.40s\" (color, glyphs)", w[1]);
        return -1;
    }
    snprintf(msg, n, "unknown directive \"%.40s\" (bind, unbind, set)", w[0]);
    return -1;
}

/* path with $HOME shown as ~, as users write it */
static void display_path(const char *path, char *out, size_t n)
{
    const char *home = getenv("HOME");
    size_t k = home ? strlen(home) : 0;
    if (k > 0 && strncmp(path, home, k) == 0 && path[k] == '/')
        snprintf(out, n, "~%s", path + k);
    else
        snprintf(out, n, "%s", path);
}

size_t userconf_load(const char *path, struct keymap *km, struct userconf *cfg)
{
    char def[512], line[CONFIG_LINE_MAX + 2], msg[256], shown[512];
    FILE *fp;
    long lineno = 0;
    cfg->color = -1;
    cfg->glyphs = -1;
    cfg->nerrors = 0;
    cfg->path[0] = '\0';
    if (path == NULL) {
        userconf_default_path(def, sizeof def);
        path = def;
    }
    if (path[0] == '\0')
        return 0;
    fp = fopen(path, "r");
    if (fp == NULL) {
        if (errno != ENOENT) {
            snprintf(cfg->errors[0], USERCONF_ERR_MAX, "%.256s: %s", path, strerror(errno));
            cfg->nerrors = 1;
        }
        return cfg->nerrors;
    }
    str_copy(cfg->path, sizeof cfg->path, path);
    display_path(path, shown, sizeof shown);
    while (fgets(line, sizeof line, fp) != NULL) {
        size_t len = strlen(line);
        int too_long = len > 0 && line[len - 1] != '\n' && !feof(fp);
        lineno++;
        if (too_long) {
            int ch;
            while ((ch = fgetc(fp)) != EOF && ch != '\n')
                ;
            snprintf(msg, sizeof msg, "line longer than %d bytes", CONFIG_LINE_MAX - 1);
        } else {
            line[strcspn(line, "\n")] = '\0';
        }
        if (too_long || userconf_line(line, km, cfg, msg, sizeof msg) != 0) {
            if (cfg->nerrors < USERCONF_MAX_ERRORS)
                snprintf(cfg->errors[cfg->nerrors], USERCONF_ERR_MAX, "%.200s:%ld: %s", shown,
                         lineno, msg);
            cfg->nerrors++;
        }
    }
    fclose(fp);
    return cfg->nerrors;
}
