/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared helpers of the libFuzzer harnesses (tests/fuzz, doc/reliability.md
 * "Fuzzing").  Each harness defines LLVMFuzzerTestOneInput(); built with
 * clang -fsanitize=fuzzer by scripts/fuzz.sh it fuzzes, linked with
 * fuzz_replay_main.c by meson (suite 'fuzz') it replays the corpus.
 *
 * Inputs are consumed through a little-endian byte reader that yields
 * zeros once the input is exhausted, so every input is valid and a
 * truncated one still runs.  A broken invariant aborts: for the fuzzer
 * that is a crash to keep, for the replay a failed test.
 */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fz {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t
fz_u8(struct fz *f)
{
	if (f->n == 0)
		return 0;
	f->n--;
	return *f->p++;
}

static inline uint64_t
fz_bytes(struct fz *f, unsigned int nbytes)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < nbytes; i++)
		v |= (uint64_t)fz_u8(f) << (8 * i);
	return v;
}

static inline uint16_t
fz_u16(struct fz *f)
{
	return (uint16_t)fz_bytes(f, 2);
}

static inline uint32_t
fz_u32(struct fz *f)
{
	return (uint32_t)fz_bytes(f, 4);
}

static inline uint64_t
fz_u64(struct fz *f)
{
	return fz_bytes(f, 8);
}

static inline bool
fz_empty(const struct fz *f)
{
	return f->n == 0;
}

/* FUZZ_TRACE=1 in the environment: harnesses print what they do (for
 * triaging a regression input with the replay build). */
static inline bool
fz_trace(void)
{
	static int on = -1;

	if (on < 0)
		on = getenv("FUZZ_TRACE") != NULL;
	return on != 0;
}

/* A broken invariant: print it and abort (a crash for libFuzzer). */
#define FZ_CHECK(cond, ...)                                                  \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "fuzz invariant broken %s:%d: %s: ", \
				__FILE__, __LINE__, #cond);                  \
			fprintf(stderr, __VA_ARGS__);                        \
			fputc('\n', stderr);                                 \
			abort();                                             \
		}                                                            \
	} while (0)

#endif /* FUZZ_UTIL_H */
