/* cmocka_wrap.h: include cmocka with the headers it needs first, plus
 * small assertion helpers shared by the unit tests. */
#ifndef ALLOT_TESTS_CMOCKA_WRAP_H
#define ALLOT_TESTS_CMOCKA_WRAP_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>

/* |got - want| <= abs_tol + rel_tol * |want|, with a readable failure. */
#define assert_close(got, want, abs_tol, rel_tol) \
    assert_close_at((got), (want), (abs_tol), (rel_tol), #got, __FILE__, __LINE__)

static inline void assert_close_at(double got, double want, double abs_tol, double rel_tol,
                                   const char *expr, const char *file, int line)
{
    double tol = abs_tol + rel_tol * fabs(want);
    if (!(fabs(got - want) <= tol)) {
        print_error("%s = %.17g, want %.17g (tolerance %.3g, off by %.3g)\n", expr, got, want,
                    tol, fabs(got - want));
        _fail(file, line);
    }
}

#endif
