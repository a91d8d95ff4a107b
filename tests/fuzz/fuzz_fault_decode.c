/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz harness: sun4v-fault-decode's input (app/sun4v-fault-decode): the
 * input is split into lines, each parsed, learned and, when a record,
 * analysed and printed (to /dev/null); its first bytes are also decoded as
 * raw IOTTE / IOTLB words, as an IOTSB option and as a number token.
 * Invariant: every line gives 0 or -EINVAL with a message; nothing reads
 * past a line (each line is handed over as an exact-length copy).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fdec.h"
#include "fuzz_util.h"

#define MAX_RECS 32

static FILE *
sink(void)
{
	static FILE *null;

	if (null == NULL && (null = fopen("/dev/null", "w")) == NULL)
		abort();
	return null;
}

static void
words(const uint8_t *data, size_t size, struct fdec_ctx *ctx)
{
	struct fz f = { data, size };
	uint64_t a = fz_u64(&f), b = fz_u64(&f), c = fz_u64(&f);
	char tok[24];
	uint64_t v;
	int rc;

	fdec_print_iotte(sink(), a);
	fdec_print_sim_iotte(sink(), b);
	fdec_print_iotlb(sink(), a & 1, b, a & 2, c);
	rc = fdec_ctx_add_iotsb(ctx, (int)(a % 9) - 1, b, c, a >> 20);
	FZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOSPC, "add_iotsb %d", rc);
	memcpy(tok, data, size < sizeof(tok) - 1 ? size : sizeof(tok) - 1);
	tok[size < sizeof(tok) - 1 ? size : sizeof(tok) - 1] = '\0';
	rc = fdec_parse_u64(tok, &v);
	FZ_CHECK(rc == 0 || rc == -EINVAL, "parse_u64 %d", rc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fdec_ctx ctx;
	static struct fdec_record recs[MAX_RECS];
	char err[FDEC_ERR_MAX];
	unsigned int n = 0;
	unsigned long lineno = 0;
	size_t start = 0;

	fdec_ctx_init(&ctx);
	words(data, size, &ctx);
	while (start <= size) {
		const uint8_t *nl = memchr(data + start, '\n', size - start);
		size_t len = nl != NULL ? (size_t)(nl - (data + start)) : size - start;
		char *line = malloc(len != 0 ? len : 1);
		struct fdec_line l;
		int rc;

		if (line == NULL)
			abort();
		memcpy(line, data + start, len);
		err[0] = '\0';
		rc = fdec_parse_line(line, len, ++lineno, &l, err, sizeof(err));
		free(line);
		FZ_CHECK(rc == 0 || (rc == -EINVAL && err[0] != '\0' &&
				     memchr(err, '\0', sizeof(err)) != NULL),
			 "line %lu rc %d", lineno, rc);
		if (rc == 0) {
			fdec_ctx_learn(&ctx, &l);
			if (l.kind == FDEC_LINE_FAULT && n < MAX_RECS)
				recs[n++] = l.rec;
		}
		if (nl == NULL)
			break;
		start += len + 1;
	}
	for (unsigned int i = 0; i < n; i++) {
		struct fdec_analysis a;

		fdec_analyze(&ctx, &recs[i], &a);
		FZ_CHECK(a.n_culprits <= FDEC_MAX_CULPRITS, "culprits");
		FZ_CHECK(!a.index_known || a.page_size != 0, "index without page size");
		fdec_print_explained(sink(), &ctx, &recs[i]);
		fdec_print_dump(sink(), &recs[i]);
	}
	fdec_print_summary(sink(), &ctx);
	return 0;
}
