/* Tests for io/csvin.c: records with line and column of every field,
 * quoting, CRLF, BOM, blank lines, and each malformed-CSV error located
 * at the bad byte. */
#include <config.h>
#include "cmocka_wrap.h"

#include <string.h>

#include "io/csvin.h"
#include "writefile.h"

static void test_records(void **state)
{
    struct csvin *r;
    struct csv_rec *rec;
    struct allot_err err;
    const char *p = write_file("ok.csv", "\xEF\xBB\xBF" "a,b,c\r\n"
                               "1,\"x,y\",  3\r\n"
                               "\r\n"
                               "\"multi\nline\",\"q\"\"q\",\n"
                               "last,row,no newline", (size_t)-1);
    (void)state;

    assert_int_equal(csvin_open(p, &r, &err), 0);
    assert_int_equal(csvin_next(r, &rec, &err), 1);
    assert_int_equal(rec->n, 3);
    assert_string_equal(rec->f[0], "a");     /* BOM stripped */
    assert_int_equal(rec->line, 1);
    assert_int_equal(csvin_next(r, &rec, &err), 1);
    assert_int_equal(rec->n, 3);
    assert_string_equal(rec->f[1], "x,y");
    assert_string_equal(rec->f[2], "3");     /* unquoted fields are trimmed */
    assert_int_equal(rec->line, 2);
    assert_int_equal(rec->col[0], 1);
    assert_int_equal(rec->col[1], 4);        /* after the opening quote */
    assert_int_equal(rec->col[2], 11);       /* after the blanks */
    assert_int_equal(csvin_next(r, &rec, &err), 1);   /* blank line skipped */
    assert_int_equal(rec->line, 4);
    assert_string_equal(rec->f[0], "multi\nline");
    assert_string_equal(rec->f[1], "q\"q");
    assert_int_equal(rec->n, 3);
    assert_string_equal(rec->f[2], "");
    assert_int_equal(csvin_next(r, &rec, &err), 1);
    assert_int_equal(rec->line, 6);
    assert_string_equal(rec->f[2], "no newline");
    assert_int_equal(csvin_next(r, &rec, &err), 0);
    csvin_close(r);
}

static int first_error(const char *name, const char *data, size_t n, struct allot_err *err)
{
    struct csvin *r;
    struct csv_rec *rec;
    int rc;
    err_clear(err);
    assert_int_equal(csvin_open(write_file(name, data, n), &r, err), 0);
    while ((rc = csvin_next(r, &rec, err)) > 0)
        ;
    csvin_close(r);
    return rc;
}

static void test_errors(void **state)
{
    struct allot_err err;
    (void)state;

    assert_int_equal(first_error("q1.csv", "a,b\n1,x\"y\n", (size_t)-1, &err), ALLOT_E_INPUT);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 4);
    assert_non_null(strstr(err.msg, "quote inside an unquoted field"));

    assert_int_equal(first_error("q2.csv", "a,b\n1,\"x\"y\n", (size_t)-1, &err), ALLOT_E_INPUT);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 6);
    assert_non_null(strstr(err.msg, "after a closing quote"));

    assert_int_equal(first_error("q3.csv", "a,b\n1,\"open\n2,3\n", (size_t)-1, &err),
                     ALLOT_E_INPUT);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "never closed"));

    assert_int_equal(first_error("nul.csv", "a,b\n1,2\0x\n", 10, &err), ALLOT_E_INPUT);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 4);
    assert_non_null(strstr(err.msg, "NUL"));

    {
        struct csvin *r;
        assert_int_equal(csvin_open("/nonexistent/x.csv", &r, &err), ALLOT_E_IO);
        assert_string_equal(err.file, "/nonexistent/x.csv");
        assert_non_null(strstr(err.msg, "No such file"));
    }
}

static void test_long_line(void **state)
{
    /* a 10 MB line is read whole (no fixed buffers) */
    size_t n = 10u << 20;
    char *big = malloc(n + 8);
    struct csvin *r;
    struct csv_rec *rec;
    struct allot_err err;
    (void)state;

    memcpy(big, "a,", 2);
    memset(big + 2, 'x', n - 3);
    big[n - 1] = '\n';
    assert_int_equal(csvin_open(write_file("big.csv", big, n), &r, &err), 0);
    assert_int_equal(csvin_next(r, &rec, &err), 1);
    assert_int_equal(rec->n, 2);
    assert_int_equal(rec->len[1], n - 3);
    csvin_close(r);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_long_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
