/* migrate.h: the schema of the allot store and its migrations, one step
 * per version, each run with its PRAGMA user_version in one transaction. */
#ifndef ALLOT_STORE_MIGRATE_H
#define ALLOT_STORE_MIGRATE_H

#include "store/db.h"

/* Bring the store from its PRAGMA user_version up to STORE_SCHEMA_VERSION.
 * Each step and its user_version run in one BEGIN IMMEDIATE transaction;
 * the version is re-read inside it, so two processes opening a new store
 * at once do not both migrate. On failure that step is rolled back and
 * ALLOT_E_STORE (or ALLOT_E_BUSY) returned. */
int migrate_run(store_t *st, struct allot_err *err);

#endif
