/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Replay driver of the fuzz harnesses (suite 'fuzz'): a plain build that
 * feeds every file of the given corpus folders (and files) to
 * LLVMFuzzerTestOneInput() once, in name order, so CI re-checks every
 * corpus entry and every regression input (regress-*) with gcc, without
 * clang.  A broken invariant or a sanitizer report fails the test.
 *
 *   fuzz_<name>_replay <folder or file>...
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_util.h"

#define REPLAY_MAX_INPUT (1u << 20)  /* libFuzzer's -max_len is far below this */

static int
run_file(const char *path, unsigned long *n)
{
	static uint8_t buf[REPLAY_MAX_INPUT];
	FILE *f = fopen(path, "rb");
	size_t len;

	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	/* A copy of exactly len bytes, so ASan sees reads past the input. */
	{
		uint8_t *copy = malloc(len != 0 ? len : 1);

		if (copy == NULL)
			return -1;
		memcpy(copy, buf, len);
		LLVMFuzzerTestOneInput(copy, len);
		free(copy);
	}
	(*n)++;
	return 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
run_dir(const char *dir, unsigned long *n)
{
	struct dirent **list;
	char path[4096];
	int cnt = scandir(dir, &list, NULL, by_name), rc = 0;

	if (cnt < 0) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < cnt; i++) {
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		if (list[i]->d_name[0] != '.' && stat(path, &st) == 0 &&
		    S_ISREG(st.st_mode) && run_file(path, n) != 0)
			rc = -1;
		free(list[i]);
	}
	free(list);
	return rc;
}

int
main(int argc, char **argv)
{
	unsigned long n = 0;
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s <corpus folder or file>...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			rc = 1;
		} else if (S_ISDIR(st.st_mode) ? run_dir(argv[i], &n) != 0 :
						 run_file(argv[i], &n) != 0) {
			rc = 1;
		}
	}
	printf("%s: replayed %lu inputs\n", argv[0], n);
	if (rc == 0 && n == 0) {
		printf("no corpus inputs found: nothing was checked\n");
		return 77;
	}
	return rc;
}
