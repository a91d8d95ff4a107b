/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Minimal test harness for the i40e_sun4v suites.
 *
 * DPDK 22.11 does not install rte_test.h, so the suites use these macros
 * instead.  A test program is a table of named cases run by
 * test_run_cases(); a case returns TEST_SUCCESS, TEST_FAILED or
 * TEST_SKIPPED.  The process exits 0 when every case passed, 77 (meson's
 * "skipped") when every case that ran was skipped, and 1 otherwise.  A skip
 * always prints its reason: no test skips itself silently.
 *
 * Assertion messages name the expression and print expected and actual
 * values, so a CI log says what broke without rerunning.
 */
#ifndef I40E_SUN4V_TEST_ASSERT_H
#define I40E_SUN4V_TEST_ASSERT_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define TEST_SUCCESS 0
#define TEST_FAILED (-1)
#define TEST_SKIPPED 77

/** Fail the current case with a message if @p cond is false. */
#define TEST_ASSERT(cond, ...)                                               \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "  FAIL %s:%d: (%s) ", __FILE__,     \
				__LINE__, #cond);                            \
			fprintf(stderr, __VA_ARGS__);                        \
			fputc('\n', stderr);                                 \
			return TEST_FAILED;                                  \
		}                                                            \
	} while (0)

/** Fail unless two integer expressions are equal; prints both values. */
#define TEST_ASSERT_EQ(a, b, ...)                                            \
	do {                                                                 \
		uint64_t test_a_ = (uint64_t)(a), test_b_ = (uint64_t)(b);   \
		if (test_a_ != test_b_) {                                    \
			fprintf(stderr,                                      \
				"  FAIL %s:%d: %s == %s: got 0x%" PRIx64     \
				" (%" PRId64 "), expected 0x%" PRIx64        \
				" (%" PRId64 "): ",                          \
				__FILE__, __LINE__, #a, #b, test_a_,         \
				(int64_t)test_a_, test_b_, (int64_t)test_b_);\
			fprintf(stderr, __VA_ARGS__);                        \
			fputc('\n', stderr);                                 \
			return TEST_FAILED;                                  \
		}                                                            \
	} while (0)

/** Fail if two integer expressions are equal. */
#define TEST_ASSERT_NE(a, b, ...)                                            \
	do {                                                                 \
		uint64_t test_a_ = (uint64_t)(a), test_b_ = (uint64_t)(b);   \
		if (test_a_ == test_b_) {                                    \
			fprintf(stderr,                                      \
				"  FAIL %s:%d: %s != %s: both 0x%" PRIx64    \
				": ", __FILE__, __LINE__, #a, #b, test_a_);  \
			fprintf(stderr, __VA_ARGS__);                        \
			fputc('\n', stderr);                                 \
			return TEST_FAILED;                                  \
		}                                                            \
	} while (0)

/** Fail unless @p rc is zero (e.g. a function returning 0 / -errno). */
#define TEST_ASSERT_OK(rc, ...) TEST_ASSERT_EQ((int64_t)(rc), 0, __VA_ARGS__)

/** Skip the current case, printing why (mandatory reason). */
#define TEST_SKIP(...)                                                       \
	do {                                                                 \
		fprintf(stderr, "  SKIP %s:%d: ", __FILE__, __LINE__);       \
		fprintf(stderr, __VA_ARGS__);                                \
		fputc('\n', stderr);                                         \
		return TEST_SKIPPED;                                         \
	} while (0)

/** One named test case. */
struct test_case {
	const char *name;       /**< printed before the case runs */
	int (*fn)(void);        /**< returns TEST_SUCCESS/FAILED/SKIPPED */
};

#define TEST_CASE(f) { #f, f }

/**
 * Run every case of @p cases (terminated by a {NULL, NULL} entry) and
 * return the process exit status described in the file comment.
 */
static inline int
test_run_cases(const char *suite, const struct test_case *cases)
{
	unsigned int pass = 0, fail = 0, skip = 0;

	for (const struct test_case *c = cases; c->name != NULL; c++) {
		int rc;

		fflush(stdout);
		rc = c->fn();
		if (rc == TEST_SUCCESS) {
			pass++;
			printf("  ok   %s\n", c->name);
		} else if (rc == TEST_SKIPPED) {
			skip++;
			printf("  skip %s\n", c->name);
		} else {
			fail++;
			printf("  FAIL %s\n", c->name);
		}
	}
	printf("%s: %u passed, %u failed, %u skipped\n", suite, pass, fail,
	       skip);
	fflush(stdout);
	if (fail != 0)
		return 1;
	if (pass == 0 && skip != 0)
		return TEST_SKIPPED;
	return 0;
}

#endif /* I40E_SUN4V_TEST_ASSERT_H */
