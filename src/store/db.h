/* db.h: the allot store, one SQLite file. Owns opening (path resolution,
 * 0700/0600 creation, WAL, foreign keys, busy timeout, defensive mode),
 * schema migrations and transactions. Other store modules take a store_t.
 * Knows nothing of CSV, the CLI or the TUI. */
#ifndef ALLOT_STORE_DB_H
#define ALLOT_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef struct store store_t;

/* The schema version this binary writes. A store with a newer version is
 * refused; an older one is migrated in one transaction on open. */
#define STORE_SCHEMA_VERSION 1
/* PRAGMA application_id of an allot store ("ALOT"). */
#define STORE_APPLICATION_ID 0x414C4F54

/* How long a writer waits for another process's lock, in ms. The
 * environment variable ALLOT_BUSY_TIMEOUT_MS (0 to the maximum) overrides
 * it for every store_open; tests use it to make conflicts quick. */
#define STORE_BUSY_TIMEOUT_MS 5000
#define STORE_BUSY_TIMEOUT_MAX_MS 600000

enum store_open_flags {
    STORE_CREATE = 1 << 0,    /* create the file (and its directory) if absent */
};

/* The store path when none is given: $ALLOT_DB if set and not empty,
 * else $XDG_DATA_HOME/allot/allot.db, else $HOME/.local/share/allot/allot.db.
 * Writes it into out (size n). Returns 0, or ALLOT_E_INPUT when neither
 * XDG_DATA_HOME nor HOME is set (the message says to use -d). */
int store_default_path(char *out, size_t n, struct allot_err *err);

/* Open the store at path. With STORE_CREATE, a missing file is created 0600
 * (its directory 0700, parents as needed) and the schema written; without
 * it a missing file is ALLOT_E_NOTFOUND ("no store at PATH; create one with
 * allot init"). A file that is not SQLite, not an allot store, corrupt, or
 * of a newer schema is refused with a message saying which. A file that
 * cannot be written is opened read-only and writes fail with "store is
 * read-only". On success *out owns the connection (store_close frees it). */
int store_open(const char *path, int flags, store_t **out, struct allot_err *err);

/* Close and free; NULL is a no-op. Finalizes every cached statement. */
void store_close(store_t *st);

/* Change how long writers wait for a lock (tests use a short wait). */
void store_set_busy_timeout(store_t *st, int ms);

const char *store_path(const store_t *st);
int store_is_readonly(const store_t *st);

/* Begin a write transaction (BEGIN IMMEDIATE): waits up to the busy
 * timeout, then fails with ALLOT_E_BUSY ("store busy: ..."). */
int store_begin(store_t *st, struct allot_err *err);
/* Commit; on failure the transaction is rolled back and an error returned. */
int store_commit(store_t *st, struct allot_err *err);
/* Roll back the open transaction, if any. Never fails visibly. */
void store_rollback(store_t *st);

/* Settings: small key/value strings. store_setting_get copies the value
 * into out (size n) and returns 0, or ALLOT_E_NOTFOUND when unset. */
int store_setting_get(store_t *st, const char *key, char *out, size_t n,
                      struct allot_err *err);
/* A setting read as a number: dflt when unset; a value that is not a
 * number, or is below min, is ALLOT_E_INPUT naming the key and value. */
int store_setting_num(store_t *st, const char *key, double dflt, double min, double *out,
                      struct allot_err *err);
/* Set (value non-NULL) or delete (value NULL) a setting. Must run inside
 * a transaction the caller opened, or on its own (then it is atomic). */
int store_setting_set(store_t *st, const char *key, const char *value,
                      struct allot_err *err);

/* Every setting, by key; *out malloc'd. */
struct setting_kv {
    char key[64];
    char value[128];
};
int store_setting_list(store_t *st, struct setting_kv **out, size_t *n, struct allot_err *err);

/* The valuation instant of the store in Unix ms: the setting "asof" when
 * set (an ISO 8601 instant; the demo store pins it to its last close),
 * else the clock (date_now_ms, which honours ALLOT_NOW). */
int64_t store_now_ms(store_t *st);

#endif
