/* bench_cli.c: the batch forms with speed targets, timed as a user runs
 * them (fork and exec of $ALLOT, wall clock, best of 3):
 *  - `allot import prices` of a generated 1,000,000-row long CSV (100
 *    symbols x 10,000 days) against the sqlite3 shell's .import of the same
 *    file into a bare 3-column table, in the same run: under 2 s, and at
 *    most 1.5x the shell's time ($SQLITE3_SHELL);
 *  - `allot greeks --input FILE --csv` on 1,000,000 options: under 2 s. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/date.h"

#define NSYM 100
#define NDAYS 10000
#define REPS 3

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Run argv with stdin from in_path (or /dev/null) and stdout/err to
 * /dev/null; return the wall time or -1 on failure. */
static double timed(char *const argv[], const char *in_path)
{
    double t0 = now_s();
    pid_t pid = fork();
    int st;
    if (pid == 0) {
        FILE *in = freopen(in_path ? in_path : "/dev/null", "r", stdin);
        FILE *o = freopen("/dev/null", "w", stdout);
        FILE *e = freopen("/dev/null", "w", stderr);
        (void)in, (void)o, (void)e;
        execvp(argv[0], argv);
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return -1;
    return now_s() - t0;
}

int main(void)
{
    const char *allot = getenv("ALLOT"), *shell = getenv("SQLITE3_SHELL");
    char dir[] = "/tmp/allot-bench-XXXXXX", csv[64], db[64], bare[64], script[64], cmd[256];
    double best_allot = 1e9, best_shell = 1e9;
    int ok = 1;

    if (allot == NULL || shell == NULL || shell[0] == '\0') {
        printf("bench_import: needs ALLOT and SQLITE3_SHELL (run through make bench)\n");
        return 1;
    }
    if (mkdtemp(dir) == NULL)
        return 1;
    snprintf(csv, sizeof csv, "%s/prices.csv", dir);
    snprintf(db, sizeof db, "%s/a.db", dir);
    snprintf(bare, sizeof bare, "%s/bare.db", dir);
    snprintf(script, sizeof script, "%s/import.sql", dir);

    /* a random walk per symbol, sorted by date then symbol */
    FILE *f = fopen(csv, "w");
    double px[NSYM];
    unsigned long long s = 42;
    int32_t d0 = date_from_ymd(1990, 1, 1);
    for (int k = 0; k < NSYM; k++)
        px[k] = 100.0 + k;
    fputs("date,symbol,close\n", f);
    for (int d = 0; d < NDAYS; d++) {
        char day[11];
        date_format_day(d0 + d, day);
        for (int k = 0; k < NSYM; k++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            px[k] *= 1.0 + ((double)(s >> 11) / 9007199254740992.0 - 0.5) * 0.04;
            fprintf(f, "%s,S%03d,%.6f\n", day, k, px[k]);
        }
    }
    fclose(f);
    f = fopen(script, "w");
    fprintf(f, "CREATE TABLE t(date TEXT, symbol TEXT, close REAL);\n.mode csv\n"
               ".import --skip 1 %s t\n", csv);
    fclose(f);

    for (int r = 0; r < REPS; r++) {
        unlink(db);
        snprintf(cmd, sizeof cmd, "%s-wal", db);
        unlink(cmd);
        char *init[] = { (char *)allot, "-d", db, "init", NULL };
        char *imp[] = { (char *)allot, "-d", db, "import", "prices", csv, NULL };
        if (timed(init, NULL) < 0) {
            ok = 0;
            break;
        }
        double t = timed(imp, NULL);
        if (t < 0) {
            printf("allot import failed\n");
            ok = 0;
            break;
        }
        if (t < best_allot)
            best_allot = t;
        unlink(bare);
        char *sh[] = { (char *)shell, bare, NULL };
        t = timed(sh, script);
        if (t < 0) {
            printf("sqlite3 .import failed\n");
            ok = 0;
            break;
        }
        if (t < best_shell)
            best_shell = t;
    }
    /* greeks --input: 1,000,000 options over moneyness, expiry and vol */
    double best_greeks = 1e9;
    {
        char opts[64];
        snprintf(opts, sizeof opts, "%s/options.csv", dir);
        f = fopen(opts, "w");
        fputs("type,spot,strike,years,vol,rate,div\n", f);
        for (int i = 0; i < 1000000; i++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            double u = (double)(s >> 11) / 9007199254740992.0;
            fprintf(f, "%s,100,%.2f,%.4f,%.3f,0.03,0.01\n", i % 2 ? "call" : "put",
                    50 + 100 * u, 0.01 + 2 * u * u, 0.1 + u);
        }
        fclose(f);
        char *gr[] = { (char *)allot, "greeks", "--input", opts, "--csv", NULL };
        for (int r = 0; r < REPS && ok; r++) {
            double t = timed(gr, NULL);
            if (t < 0) {
                printf("allot greeks --input failed\n");
                ok = 0;
            } else if (t < best_greeks) {
                best_greeks = t;
            }
        }
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    if (!ok)
        return 1;
    double ratio = best_allot / best_shell;
    printf("import 1,000,000 rows (100 symbols x 10,000 days), best of %d\n", REPS);
    printf("  allot import prices      %.3f s   target < 2 s      %s\n", best_allot,
           best_allot < 2.0 ? "PASS" : "FAIL");
    printf("  sqlite3 .import (bare)   %.3f s\n", best_shell);
    printf("  ratio allot / sqlite3    %.2f     target <= 1.5     %s\n", ratio,
           ratio <= 1.5 ? "PASS" : "FAIL");
    printf("greeks --input, 1,000,000 options, best of %d\n", REPS);
    printf("  allot greeks --input --csv  %.3f s   target < 2 s      %s\n", best_greeks,
           best_greeks < 2.0 ? "PASS" : "FAIL");
    return best_allot < 2.0 && ratio <= 1.5 && best_greeks < 2.0 ? 0 : 1;
}
