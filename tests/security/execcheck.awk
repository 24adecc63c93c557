# execcheck.awk: no shell or program is run from allot's sources: no
# system(), popen(), exec*(), posix_spawn*() or wordexp() outside
# src/io/feedsrc.c, whose job is to run the user's --feed command through
# /bin/sh -c (a command the user wrote, never one built from data).
# Comments and string literals are ignored. Prints file:line: call.
FNR == 1 { inblock = 0 }
FILENAME ~ /(^|\/)src\/io\/feedsrc\.c$/ { next }
{
    s = $0; out = ""
    while (s != "") {
        if (inblock) {
            k = index(s, "*/")
            if (k == 0) { s = ""; break }
            s = substr(s, k + 2); inblock = 0; continue
        }
        c = substr(s, 1, 1)
        if (substr(s, 1, 2) == "/*") { inblock = 1; s = substr(s, 3); out = out " "; continue }
        if (substr(s, 1, 2) == "//") break
        if (c == "\"" || c == "'") {
            # skip the literal
            i = 2
            while (i <= length(s) && substr(s, i, 1) != c) i += substr(s, i, 1) == "\\" ? 2 : 1
            s = substr(s, i + 1); out = out " "; continue
        }
        out = out c; s = substr(s, 2)
    }
    if (out ~ /(^|[^A-Za-z0-9_.>])(system|popen|execl|execlp|execle|execv|execve|execvp|execvpe|fexecve|posix_spawnp?|wordexp)[ \t]*\(/) {
        print FILENAME ":" FNR ": runs a program: " $0
        bad++
    }
}
END { exit bad > 0 }
