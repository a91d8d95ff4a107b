/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-dmabench: EAL arguments and the run environment.
 *
 * The user's EAL arguments are passed through unchanged.  The benchmark
 * adds only what it needs and the user did not say:
 *  - a unique --file-prefix, so two runs (or a run and a test) never share
 *    a runtime directory;
 *  - -d <exe dir>/../drivers/librte_net_i40e_sun4v.so, the PMD plugin at
 *    its fixed build location (doc/build.md), or for an installed
 *    benchmark the plugin where `meson install` put it (BENCH_PMD_INSTALLED;
 *    in EAL's default directory EAL loads that file anyway, and the same
 *    file given twice is one copy);
 *  - --lcores: lcore 0 (main, control only) plus one lcore per forwarding
 *    lcore, mapped onto the CPUs this process may use; with --engine
 *    service also lcore N+1 on the main lcore's CPU (the main lcore only
 *    controls, so the device gets that CPU) and -S N+1, which makes it
 *    the service lcore the PMD's "i40e_sun4v_engine" service runs on;
 *  - --log-level=notice, so EAL's INFO lines do not interleave the report;
 *  - with no EAL arguments at all: --no-pci, and --no-huge -m <MB> when
 *    /proc/meminfo reports no free huge pages (else --huge-unlink).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_version.h>

#include "bench.h"
#include "bench_version.h"

#define EAL_MAX_ARGS 256

/* Number of free huge pages of the default size; 0 when unknown. */
static unsigned long
hugepages_free(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	unsigned long n = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "HugePages_Free: %lu", &n) == 1)
			break;
	fclose(f);
	return n;
}

/* CPUs in this process's affinity mask, in order; returns the count. */
static unsigned int
affinity_cpus(unsigned int *cpus, unsigned int max)
{
	cpu_set_t set;
	unsigned int n = 0;

	if (sched_getaffinity(0, sizeof(set), &set) != 0) {
		cpus[0] = 0;
		return 1;
	}
	for (unsigned int c = 0; c < CPU_SETSIZE && n < max; c++)
		if (CPU_ISSET(c, &set))
			cpus[n++] = c;
	return n;
}

#ifndef BENCH_PMD_INSTALLED
#define BENCH_PMD_INSTALLED ""
#endif

/* @p cand resolved into @p out if it exists; false if not. */
static bool
resolved(const char *cand, char *out, size_t len)
{
	char path[PATH_MAX];

	if (cand[0] == '\0' || realpath(cand, path) == NULL ||
	    strlen(path) >= len)
		return false;
	strcpy(out, path);
	return true;
}

/*
 * <exe dir>/../drivers/librte_net_i40e_sun4v.so (the build tree), else the
 * installed plugin (an installed benchmark), resolved; "" if neither.
 */
static void
plugin_path(char *out, size_t len)
{
	char exe[PATH_MAX], cand[PATH_MAX + 64], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	out[0] = '\0';
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			snprintf(cand, sizeof(cand),
				 "%s/../drivers/librte_net_i40e_sun4v.so", exe);
			if (resolved(cand, out, len))
				return;
		}
	}
	resolved(BENCH_PMD_INSTALLED, out, len);
}

static bool
user_has(int argc, char **argv, const char *const *names)
{
	for (int i = 0; i < argc; i++)
		for (const char *const *n = names; *n != NULL; n++)
			if (strncmp(argv[i], *n, strlen(*n)) == 0)
				return true;
	return false;
}

/* Append one argument (copied); false when the array is full. */
static bool
push(int *argc, char **argv, const char *s)
{
	if (*argc >= EAL_MAX_ARGS - 1)
		return false;
	argv[(*argc)++] = strdup(s);
	argv[*argc] = NULL;
	return argv[*argc - 1] != NULL;
}

/*
 * "--lcores=0@c0,1@c1,...": main on the first CPU, workers on the rest;
 * with --engine service then ",<N+1>@c0": the service lcore shares the
 * main lcore's CPU (on 2 CPUs: 0@0,1@1,2@0 with -S 2).
 */
static void
lcore_arg(const struct bench_opts *o, char *buf, size_t len)
{
	unsigned int cpus[BENCH_MAX_LCORES * 4 + 64];
	unsigned int n = affinity_cpus(cpus, RTE_DIM(cpus));
	size_t off;

	off = (size_t)snprintf(buf, len, "--lcores=0@%u", cpus[0]);
	for (unsigned int i = 1; i <= o->lcores && off < len; i++) {
		unsigned int cpu = n > 1 ? cpus[1 + (i - 1) % (n - 1)] :
					   cpus[0];

		off += (size_t)snprintf(buf + off, len - off, ",%u@%u", i, cpu);
	}
	if (o->engine == BENCH_ENGINE_SERVICE && off < len)
		snprintf(buf + off, len - off, ",%u@%u", o->lcores + 1,
			 cpus[0]);
}

/* Memory for --no-huge: the mbuf pool, rings and the simulated devices. */
static unsigned int
mem_mb(const struct bench_opts *o)
{
	uint64_t mbufs = 2ull * o->lcores * (2ull * o->desc + o->prime +
					     4ull * o->burst) + 8192;
	/* ~2.5 KB per mbuf with its headers; twice that for the devices'
	 * rings, the memif regions and the heap's own overhead. */
	uint64_t mb = mbufs * 2560 / (1024 * 1024) * 2 + 512;

	if (o->scenario_s72 && bench_scenario_mem_mb(o) > mb)
		mb = bench_scenario_mem_mb(o);
	return (unsigned int)mb;
}

static int
push_defaults(int user_argc, char **user_argv, const struct bench_opts *o,
	      struct bench_env *env, int *ac, char **av)
{
	static const char *const prefix[] = { "--file-prefix", NULL };
	static const char *const lcores[] = { "-l", "-c", "--lcores", NULL };
	static const char *const loglvl[] = { "--log-level", NULL };
	char buf[1024];
	bool ok = true;

	env->own_prefix = !user_has(user_argc, user_argv, prefix);
	if (env->own_prefix) {
		snprintf(buf, sizeof(buf), "--file-prefix=dmabench_%d",
			 (int)getpid());
		ok &= push(ac, av, buf);
	}
	if (!user_has(user_argc, user_argv, lcores)) {
		lcore_arg(o, buf, sizeof(buf));
		ok &= push(ac, av, buf);
		if (o->engine == BENCH_ENGINE_SERVICE) {
			snprintf(buf, sizeof(buf), "%u", o->lcores + 1);
			ok &= push(ac, av, "-S");
			ok &= push(ac, av, buf);
		}
	}
	if (!user_has(user_argc, user_argv, loglvl))
		ok &= push(ac, av, "--log-level=notice");
	if (env->plugin[0] != '\0' && !env->plugin_user) {
		ok &= push(ac, av, "-d");
		ok &= push(ac, av, env->plugin);
	}
	if (user_argc == 0) {
		ok &= push(ac, av, "--no-pci");
		if (!env->hugepages) {
			snprintf(buf, sizeof(buf), "-m%u", mem_mb(o));
			ok &= push(ac, av, "--no-huge");
			ok &= push(ac, av, buf);
		} else {
			ok &= push(ac, av, "--huge-unlink");
		}
	}
	return ok ? 0 : -ENOMEM;
}

static void
join_args(int ac, char **av, char *out, size_t len)
{
	size_t off = 0;

	out[0] = '\0';
	for (int i = 1; i < ac && off < len; i++)
		off += (size_t)snprintf(out + off, len - off, "%s%s",
					i > 1 ? " " : "", av[i]);
}

/*
 * Build the EAL argument vector: program name, the user's EAL arguments
 * (user_argv[0..user_argc)), then the defaults described at the top.
 * @return 0, or -ENOMEM.
 */
int
bench_eal_build_args(int user_argc, char **user_argv,
		     const struct bench_opts *o, struct bench_env *env,
		     int *eal_argc, char ***eal_argv)
{
	static const char *const dflag[] = { "librte_net_i40e_sun4v", NULL };
	char **av = calloc(EAL_MAX_ARGS, sizeof(*av));
	int ac = 0, rc = -ENOMEM;
	bool ok;

	if (av == NULL)
		return -ENOMEM;
	env->hugepages = hugepages_free() > 0;
	plugin_path(env->plugin, sizeof(env->plugin));
	env->plugin_user = user_has(user_argc, user_argv, dflag);
	if (env->plugin_user)
		snprintf(env->plugin, sizeof(env->plugin), "(the user's -d)");
	ok = push(&ac, av, "sun4v-dmabench");
	for (int i = 0; i < user_argc && ok; i++)
		ok = push(&ac, av, user_argv[i]);
	if (ok)
		rc = push_defaults(user_argc, user_argv, o, env, &ac, av);
	if (rc != 0) {
		bench_eal_free_args(ac, av);
		return rc;
	}
	join_args(ac, av, env->eal_args, sizeof(env->eal_args));
	*eal_argc = ac;
	*eal_argv = av;
	return 0;
}

void
bench_eal_free_args(int eal_argc, char **eal_argv)
{
	if (eal_argv == NULL)
		return;
	for (int i = 0; i < eal_argc; i++)
		free(eal_argv[i]);
	free(eal_argv);
}

static void
cpu_model(char *out, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];

	snprintf(out, len, "unknown CPU");
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) != 0 || colon == NULL)
			continue;
		colon += 1 + strspn(colon + 1, " \t");
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(out, len, "%s", colon);
		break;
	}
	fclose(f);
}

/* The parts of the environment known without the EAL. */
void
bench_env_fill(struct bench_env *env)
{
	unsigned int cpus[CPU_SETSIZE];
	FILE *f = fopen("/proc/loadavg", "r");

	snprintf(env->loadavg, sizeof(env->loadavg), "unknown");
	if (f != NULL) {
		if (fgets(env->loadavg, sizeof(env->loadavg), f) != NULL)
			env->loadavg[strcspn(env->loadavg, "\n")] = '\0';
		fclose(f);
	}
	cpu_model(env->cpu_model, sizeof(env->cpu_model));
	env->nb_cpus = affinity_cpus(cpus, RTE_DIM(cpus));
	env->dpdk_version = rte_version();
	snprintf(env->git_rev, sizeof(env->git_rev), "%s", BENCH_GIT_REV);
}

/*
 * After rte_eal_cleanup(): remove the runtime directory of a prefix this
 * run made up (the EAL leaves config and fbarray files behind, and every
 * run has its own prefix, so they would pile up).  Only plain entries
 * directly inside it are removed; a user-chosen prefix is left alone.
 */
void
bench_eal_remove_runtime_dir(const struct bench_env *env)
{
	char path[BENCH_PATH_LEN + 256];
	struct dirent *de;
	DIR *d;

	if (!env->own_prefix || env->runtime_dir[0] == '\0' ||
	    strstr(env->runtime_dir, "/dmabench_") == NULL)
		return;
	d = opendir(env->runtime_dir);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_type == DT_DIR)
			continue;
		snprintf(path, sizeof(path), "%s/%s", env->runtime_dir,
			 de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(env->runtime_dir);
}
