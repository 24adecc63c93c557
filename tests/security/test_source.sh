#!/bin/sh
# test_source.sh: security properties of the sources, checked by reading
# them. (1) SQL reaches SQLite only through prepared statements built from
# string literals: sqlcheck.awk over src/store. (2) No program or shell is
# run from src/ (system, popen, exec*, posix_spawn, wordexp), except in
# src/io/feedsrc.c, which runs the user's own --feed command by design:
# execcheck.awk. Each checker first runs on small files that break and
# keep its rule, so a checker that stopped finding anything would fail.
. "$top_srcdir/tests/cli/lib.sh"
sec="$top_srcdir/tests/security"
AWK=${AWK:-awk}
out= err=

# flags CHECKER NAME FILE...: the checker reports a breach in the files
flags() {
  ck=$1 name=$2
  shift 2
  if "$AWK" -f "$sec/$ck" "$@" "$@" >"$T/ck" 2>&1; then
    not_ok "$name" "the checker passed what it must refuse"
  else
    ok "$name"
  fi
}
# passes CHECKER NAME FILE...: the checker finds nothing
passes() {
  ck=$1 name=$2
  shift 2
  if "$AWK" -f "$sec/$ck" "$@" "$@" >"$T/ck" 2>&1; then ok "$name"
  else not_ok "$name" "$(cat "$T/ck")"; fi
}

mkdir -p "$T/f"
cat >"$T/f/helper.c" <<'C'
static int prepare(store_t *st, const char *sql, sqlite3_stmt **s, struct allot_err *err)
{
    return sqlite3_prepare_v2(st->db, sql, -1, s, NULL);
}
C
cat >"$T/f/fmt.c" <<'C'
int f(store_t *st, const char *name)
{
    char q[256];
    snprintf(q, sizeof q, "SELECT id FROM portfolios WHERE name = '%s'", name);
    return 0;
}
C
cat >"$T/f/var.c" <<'C'
int f(store_t *st, const char *q)
{
    return sqlite3_exec(st->db, q, NULL, NULL, NULL);
}
C
cat >"$T/f/helpervar.c" <<'C'
int f(store_t *st, const char *q, sqlite3_stmt **s)
{
    return prepare(st,
                   q, s, NULL);
}
C
cat >"$T/f/mprintf.c" <<'C'
int f(store_t *st, const char *name)
{
    char *q = sqlite3_mprintf("DELETE FROM positions WHERE instrument = %Q", name);
    return q != NULL;
}
C
cat >"$T/f/cat.c" <<'C'
int f(char *q, const char *name)
{
    strcpy(q, "UPDATE positions SET note = '");
    strcat(q, name);
    return 0;
}
C
cat >"$T/f/good.c" <<'C'
#define COLS "id, name"
/* a comment may say snprintf(q, n, "SELECT %s") and sqlite3_exec(db, q) */
int f(store_t *st, sqlite3_stmt **s, const char *name)
{
    char sql[64];
    if (prepare(st, "SELECT " COLS " FROM portfolios "
                    "WHERE name = ?1", s, NULL) != 0)
        return -1;
    snprintf(sql, sizeof sql, "%s", name);
    /* placeholders only (sql-build-ok) */
    snprintf(sql, sizeof sql, "INSERT INTO t VALUES (?%d)", 1);
    return sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
}
C
flags sqlcheck.awk "sqlcheck refuses data formatted into SQL" "$T/f/fmt.c"
flags sqlcheck.awk "sqlcheck refuses SQL from a variable" "$T/f/var.c"
flags sqlcheck.awk "sqlcheck refuses a variable passed to a helper taking sql" \
  "$T/f/helper.c" "$T/f/helpervar.c"
flags sqlcheck.awk "sqlcheck refuses sqlite3_mprintf" "$T/f/mprintf.c"
flags sqlcheck.awk "sqlcheck refuses concatenated SQL" "$T/f/cat.c"
passes sqlcheck.awk "sqlcheck accepts literals, macros, helpers and marked builds" \
  "$T/f/helper.c" "$T/f/good.c"
# shellcheck disable=SC2046
passes sqlcheck.awk "src/ builds no SQL from data" $( { ls "$top_srcdir"/src/store/*.c
  grep -rl "sqlite3\.h" "$top_srcdir/src" --include="*.c"; } | sort -u)

mkdir -p "$T/x/src/io" "$T/y/src/io"
printf 'int f(const char *c)\n{\n    return system(c);\n}\n' >"$T/x/src/io/a.c"
printf 'FILE *f(const char *c)\n{\n    return popen(c, "r");\n}\n' >"$T/x/src/io/b.c"
printf 'int f(char **v)\n{\n    return execvp(v[0], v);\n}\n' >"$T/x/src/io/c.c"
printf '/* not system(x) */\nint f(void)\n{\n    return puts("popen(x)");\n}\n' \
  >"$T/y/src/io/d.c"
printf 'int f(char **v)\n{\n    return execvp("/bin/sh", v);\n}\n' >"$T/y/src/io/feedsrc.c"
flags execcheck.awk "execcheck refuses system()" "$T/x/src/io/a.c"
flags execcheck.awk "execcheck refuses popen()" "$T/x/src/io/b.c"
flags execcheck.awk "execcheck refuses exec*()" "$T/x/src/io/c.c"
passes execcheck.awk "execcheck ignores comments and strings, and exempts src/io/feedsrc.c" \
  "$T/y/src/io/d.c" "$T/y/src/io/feedsrc.c"
# shellcheck disable=SC2046
passes execcheck.awk "src/ runs no program (feedsrc.c aside)" \
  $(find "$top_srcdir/src" -name '*.[ch]' | sort)
finish
