# sqlcheck.awk: SQL reaches SQLite only as string literals, through
# prepared statements. Prints file:line: problem for each breach.
#
# 1. Every call of an SQL sink passes a string literal as its SQL. Sinks:
#    sqlite3_exec, sqlite3_prepare*, and every function of the files
#    given that takes a "const char *sql" parameter (helpers such as
#    st_stmt, which forward it: inside such a helper, passing sql on is
#    fine, since the helper's own calls are checked).
# 2. No string is formatted or concatenated (printf family, strcat,
#    strcpy, strbuf_*, sqlite3_mprintf and friends) where SQL keywords
#    appear in the statement.
# A breach that is safe (say, formatting only "?N" placeholders) carries
# the comment sql-build-ok on its lines or within the 10 lines above.
#
# Usage: awk -f sqlcheck.awk FILE... FILE... (the files twice: the first
# pass finds the helpers, the second checks).

function flush(   i, c, n, st, out, nl) {
    if (cur == "")
        return
    # code: the text with comments blanked (newlines kept), strings kept
    n = length(text); out = ""; st = 0
    for (i = 1; i <= n; i++) {
        c = substr(text, i, 1)
        if (st == 0) {
            if (c == "/" && substr(text, i + 1, 1) == "*") { st = 1; out = out " "; continue }
            if (c == "/" && substr(text, i + 1, 1) == "/") { st = 2; out = out " "; continue }
            if (c == "\"") st = 3
            else if (c == "'") st = 4
            out = out c
        } else if (st == 1) {
            if (c == "*" && substr(text, i + 1, 1) == "/") { st = 0; i++; out = out "  "; continue }
            out = out (c == "\n" ? "\n" : " ")
        } else if (st == 2) {
            if (c == "\n") { st = 0; out = out "\n" } else out = out " "
        } else {
            out = out c
            if (c == "\\") { i++; out = out substr(text, i, 1); continue }
            if ((st == 3 && c == "\"") || (st == 4 && c == "'")) st = 0
        }
    }
    if (pass == 1) find_sinks(out)
    else check(out)
    text = ""
    split("", orig)
}

# the 1-based line of position p in s
function line_at(s, p,   k, m) {
    m = 1
    for (k = index(s, "\n"); k > 0 && k < p; ) {
        m++
        s2 = substr(s, k + 1)
        j = index(s2, "\n")
        if (j == 0) break
        k += j
    }
    return m
}

# the arguments of the call whose "(" is at position p of s: fills args[],
# returns their count, sets call_end to the position of ")"
function split_args(s, p,   i, c, depth, st, a, n, len) {
    n = 0; a = ""; depth = 0; st = 0; len = length(s)
    for (i = p + 1; i <= len; i++) {
        c = substr(s, i, 1)
        if (st) {
            a = a c
            if (c == "\\") { i++; a = a substr(s, i, 1); continue }
            if ((st == 3 && c == "\"") || (st == 4 && c == "'")) st = 0
            continue
        }
        if (c == "\"") { st = 3; a = a c; continue }
        if (c == "'") { st = 4; a = a c; continue }
        if (c == "(") depth++
        if (c == ")") {
            if (depth == 0) { args[++n] = a; call_end = i; return n }
            depth--
        }
        if (c == "," && depth == 0) { args[++n] = a; a = ""; continue }
        a = a c
    }
    call_end = len
    return n
}

function trim(s) {
    gsub(/^[ \t\n]+|[ \t\n]+$/, "", s)
    return s
}

function marked(l1, l2,   k) {
    for (k = (l1 > 10 ? l1 - 10 : 1); k <= l2; k++)
        if (index(orig[k], "sql-build-ok")) return 1
    return 0
}

# definitions at column 0 taking "const char *sql": sinks, by name
function find_sinks(s,   rest, off, name, p, n, k) {
    s = "\n" s     # a definition on the first line follows a newline too
    rest = s; off = 0
    while (match(rest, /\n[A-Za-z_][A-Za-z0-9_ \t\*]*[ \t\*][A-Za-z_][A-Za-z0-9_]*\(/)) {
        name = substr(rest, RSTART + 1, RLENGTH - 2)
        sub(/^.*[ \t\*]/, "", name)
        p = off + RSTART + RLENGTH - 1
        n = split_args(s, p)
        for (k = 1; k <= n; k++)
            if (trim(args[k]) ~ /^const[ \t\n]+char[ \t\n]*\*[ \t\n]*sql$/)
                sink[name] = k
        off += RSTART + RLENGTH - 1
        rest = substr(s, off + 1)
    }
}

function check(s,   rest, off, name, p, n, a, l1, l2, fn, lines, k, stmt, kw, fmt) {
    # rule 1: calls of sinks
    rest = s; off = 0
    while (match(rest, /[A-Za-z_][A-Za-z0-9_]*[ \t\n]*\(/)) {
        name = substr(rest, RSTART, RLENGTH - 1)
        gsub(/[ \t\n]+$/, "", name)
        p = off + RSTART + RLENGTH - 1
        off = p
        rest = substr(s, off + 1)
        if (!(name in sink) || substr(s, p - RLENGTH, 1) ~ /[A-Za-z0-9_]/)
            continue
        n = split_args(s, p)
        if (n < sink[name]) continue
        # a definition or prototype, not a call
        if (trim(args[1]) ~ /^(const[ \t\n]+)?(struct[ \t\n]+)?[A-Za-z_][A-Za-z0-9_]*[ \t\n]*\*?[ \t\n]*\*?[ \t\n]*[A-Za-z_][A-Za-z0-9_]*$/ &&
            trim(args[1]) ~ /[ \t\n\*]/)
            continue
        a = trim(args[sink[name]])
        # literals, and macros between literals (which only compile if the
        # macros are literals too)
        if (a ~ /^(("([^"\\]|\\.)*"|[A-Z][A-Z0-9_]*)[ \t\n]*)+$/ && a ~ /"/) continue
        l1 = line_at(s, p); l2 = line_at(s, call_end)
        fn = ""
        for (k = l1; k >= 1; k--)
            if (orig[k] ~ /^[A-Za-z_][A-Za-z0-9_ \t\*]*[ \t\*][A-Za-z_][A-Za-z0-9_]*\(/) {
                fn = orig[k]; sub(/\(.*/, "", fn); sub(/^.*[ \t\*]/, "", fn); break
            }
        if (a == "sql" && (fn in sink)) continue
        if (marked(l1, l2)) continue
        print cur ":" l1 ": the SQL given to " name " is not a string literal: " a
        bad++
    }
    # rule 2: building strings where SQL keywords are
    fmt = "(^|[^A-Za-z0-9_])(v?sn?printf|v?fprintf|strn?cat|strcpy|stpcpy|" \
          "strbuf_(printf|puts|append)|sqlite3_(v?mprintf|v?snprintf|str_[a-z]+))[ \t]*\\("
    kw = "(^|[^A-Za-z_])(SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE|DROP|ALTER|VALUES|" \
         "WHERE|FROM|BEGIN|COMMIT|ROLLBACK|ATTACH|REPLACE|INTO|SET)([^A-Za-z_]|$)"
    lines = split(s, code, "\n")
    for (k = 1; k <= lines; k++) {
        if (code[k] !~ fmt) continue
        stmt = code[k]; l2 = k
        while (stmt !~ /;/ && l2 < lines) { l2++; stmt = stmt " " code[l2] }
        if (stmt !~ kw && stmt !~ /%[qQw]/) continue
        if (marked(k, l2)) continue
        print cur ":" k ": a string is built where SQL is: " trim(code[k])
        bad++
    }
}

BEGIN {
    sink["sqlite3_exec"] = 2; sink["sqlite3_prepare"] = 2; sink["sqlite3_prepare_v2"] = 2
    sink["sqlite3_prepare_v3"] = 2; sink["sqlite3_prepare16"] = 2
    sink["sqlite3_prepare16_v2"] = 2; sink["sqlite3_prepare16_v3"] = 2
}

FNR == 1 {
    flush()
    if (seen[FILENAME]++) pass = 2
    else if (pass == 0) pass = 1
    cur = FILENAME
}
{ text = text $0 "\n"; orig[FNR] = $0 }
END { flush(); exit bad > 0 }
