/* fuzz_userconf.c: the configuration file (tui/userconf.c), read from a
 * file as the screen reads it at start, then each line again through
 * userconf_line. Nothing is fatal: the load counts its bad lines and keeps
 * at most USERCONF_MAX_ERRORS messages, each "FILE:LINE: message"; a
 * refused line has a message; the keymap still lists its bindings and
 * looks keys up to known actions. */
#include <config.h>

#include "fuzz.h"
#include "tui/userconf.h"
#include "util/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    struct keymap km;
    struct userconf cfg;
    char msg[USERCONF_ERR_MAX];
    char *s = fuzz_str(data, size), *line, *save = NULL;
    size_t bad;

    keymap_init(&km);
    memset(&cfg, 0, sizeof cfg);
    cfg.color = cfg.glyphs = -1;
    bad = userconf_load(path, &km, &cfg);
    FUZZ_ASSERT(bad == cfg.nerrors);
    for (size_t i = 0; i < cfg.nerrors && i < USERCONF_MAX_ERRORS; i++)
        FUZZ_ASSERT(strstr(cfg.errors[i], ": ") != NULL);
    FUZZ_ASSERT(cfg.color >= -1 && cfg.color <= 1 && cfg.glyphs >= -1 && cfg.glyphs <= 1);
    for (line = strtok_r(s, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        msg[0] = '\0';
        if (userconf_line(line, &km, &cfg, msg, sizeof msg) != 0)
            FUZZ_ASSERT(msg[0] != '\0');
    }
    /* every binding, as the ? screen lists them, and the letters looked up
     * (a sweep of every key costs most of the run under coverage) */
    {
        struct strbuf help = { 0 };
        keymap_help_text(&km, &help);
        FUZZ_ASSERT(help.len > 0);
        strbuf_free(&help);
    }
    for (int c = 0; c < KC_COUNT; c++)
        for (int key = 'a'; key <= 'z'; key++) {
            enum action a = keymap_lookup1(&km, (enum keyctx)c, key);
            FUZZ_ASSERT((int)a >= 0 && (int)a < A_COUNT);
        }
    keymap_done(&km);
    free(s);
    return 0;
}
