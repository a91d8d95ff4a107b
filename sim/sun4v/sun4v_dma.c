/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device-side DMA (doc/design/platform.md §6): translate a DVMA for a
 * requester, check permission, split at IO page boundaries, copy.
 *
 * This is the hottest code of the simulator: a simulated packet costs
 * several calls (descriptor read, buffer write, descriptor write-back).
 * On an IOTLB hit a translation is: a relaxed load of the quarantine flag,
 * up to SUN4V_MAX_BINDINGS + 1 window compares, the seqlock'd IOTLB slot
 * read, permission and requester compares.  No lock, no syscall.
 *
 * A failed access never touches memory: every page of the access is
 * translated and checked before the first byte is copied.  Accesses longer
 * than SPLIT_MAX pages are checked in one pass and copied in a second; if
 * the guest changes the mapping between the passes (a guest bug: DMA to a
 * buffer being unmapped) the copy can be partial, as on real hardware.
 */
#include <errno.h>
#include <string.h>

#include "sun4v_internal.h"

#define SPLIT_MAX 32
/* Bytes sun4v_dma_prefetch() hints at most. */
#define SUN4V_DMA_PREFETCH_MAX 256u

/* Translate a bypass IO address (HV_BYPASS_BASE | RA). */
static enum sun4v_fault_reason
xlate_bypass(struct sun4v_func *fn, uint64_t dvma, uint8_t **hva,
	     uint64_t *avail)
{
	uint64_t ra = dvma & HV_BYPASS_RA_MASK, av;

	if (!atomic_load_explicit(&fn->bypass, memory_order_relaxed))
		return SUN4V_FAULT_BYPASS_DENIED;
	av = sun4v_mem_avail(fn->rc->p, ra);
	if (av == 0)
		return SUN4V_FAULT_NO_RAM;
	*hva = (uint8_t *)(uintptr_t)ra;
	*avail = av;
	return SUN4V_FAULT_NONE;
}

/* The table whose window holds @p dvma: a bound IOTSB, else the legacy
 * window of the root complex, else NULL. */
static inline struct sun4v_table *
window_of(struct sun4v_func *fn, uint64_t dvma)
{
	struct sun4v_table *t;

	for (unsigned int i = 0; i < SUN4V_MAX_BINDINGS; i++) {
		t = atomic_load_explicit(&fn->bind[i], memory_order_acquire);
		if (t != NULL && dvma - t->lo < t->span)
			return t;
	}
	t = &fn->rc->legacy;
	return dvma - t->lo < t->span ? t : NULL;
}

/*
 * Translate one DVMA needing permission @p perm (R or W).  On success
 * *hva is the host address and *avail the bytes left in the IO page (or
 * RAM range, for bypass); *tp is the table used (for fault records).
 */
static inline enum sun4v_fault_reason
xlate_attr(struct sun4v_func *fn, uint64_t dvma, uint64_t perm, uint8_t **hva,
	   uint64_t *avail, struct sun4v_table **tp, uint64_t *attr)
{
	struct sun4v_table *t;
	uint64_t off, idx, tte, pgmask, bdf;

	*tp = NULL;
	*attr = HV_PCI_MAP_ATTR_READ | HV_PCI_MAP_ATTR_WRITE;
	if (__builtin_expect(sun4v_hv_abi_is_bypass(dvma), 0))
		return xlate_bypass(fn, dvma, hva, avail);
	t = window_of(fn, dvma);
	if (t == NULL)
		return SUN4V_FAULT_OUT_OF_WINDOW;
	*tp = t;
	off = dvma - t->lo;
	idx = off >> t->shift;
	tte = sun4v_iotlb_lookup(&t->tlb, idx);
	if (tte == 0) {
		tte = sun4v_iotlb_miss(t, idx);
		if (tte == 0)
			return SUN4V_FAULT_UNMAPPED;
		if (tte == SUN4V_TTE_NORAM)
			return SUN4V_FAULT_NO_RAM;
	}
	bdf = tte >> SUN4V_TTE_BDF_SHIFT;
	if ((tte & perm) == 0 || (bdf != 0 && bdf != fn->bdf))
		return SUN4V_FAULT_PROTECTION;
	*attr = tte & (HV_PCI_MAP_ATTR_READ | HV_PCI_MAP_ATTR_WRITE);
	pgmask = (1ULL << t->shift) - 1;
	*hva = (uint8_t *)(uintptr_t)((tte & SUN4V_TTE_RA_MASK) + (off & pgmask));
	*avail = pgmask + 1 - (off & pgmask);
	return SUN4V_FAULT_NONE;
}

static inline enum sun4v_fault_reason
xlate(struct sun4v_func *fn, uint64_t dvma, uint64_t perm, uint8_t **hva,
      uint64_t *avail, struct sun4v_table **tp)
{
	uint64_t attr;

	return xlate_attr(fn, dvma, perm, hva, avail, tp, &attr);
}

/*
 * The engine's translation cache (struct sun4v_dma_xcache): a hit needs the
 * same function, the DVMA inside the cached page, the permission, and no
 * change since the fill to what the entry depends on (the table's IOTLB
 * flush generation, bumped by every DEMAP before it invalidates; the
 * function's bindings and bypass; for bypass, the RAM registry).
 */
static inline bool
xc_way_hit(struct sun4v_dma_xcache *xc, unsigned int i,
	   const struct sun4v_func *fn, uint64_t dvma, uint64_t perm,
	   uint64_t fgen, uint8_t **hva, uint64_t *avail, bool count)
{
	uint64_t off = dvma - xc->e[i].lo;

	if (off >= xc->e[i].len || xc->e[i].fn != fn ||
	    (xc->e[i].attr & perm) == 0 || xc->e[i].fgen != fgen ||
	    atomic_load_explicit(xc->e[i].gen_src, memory_order_acquire) !=
	    xc->e[i].gen)
		return false;
	*hva = xc->e[i].hva + off;
	*avail = xc->e[i].len - off;
	if (count && xc->e[i].t != NULL)   /* an IOTLB hit, counted as one */
		sun4v_count(&((struct sun4v_table *)(uintptr_t)
			      xc->e[i].t)->tlb.hits, 1);
	return true;
}

/* The way of @p dvma: one per 4 MB of DVMA, so the IO pages of a pool in
 * 4 MB pages never evict each other and a lookup is one compare set. */
static inline unsigned int
xc_way(uint64_t dvma)
{
	return (unsigned int)(dvma >> SUN4V_DMA_XC_GRAIN_SHIFT) &
	       (SUN4V_DMA_XC_WAYS - 1);
}

static inline bool
xc_hit(struct sun4v_dma_xcache *xc, const struct sun4v_func *fn,
       uint64_t dvma, uint64_t perm, uint8_t **hva, uint64_t *avail)
{
	return xc_way_hit(xc, xc_way(dvma), fn, dvma, perm,
			  atomic_load_explicit(&fn->xgen, memory_order_acquire),
			  hva, avail, true);
}

/* Remember the page (or RAM range) a successful translation used.  The
 * generations are read before the translation (see xlate_xc()). */
static inline void
xc_fill(struct sun4v_dma_xcache *xc, const struct sun4v_func *fn,
	struct sun4v_table *t, uint64_t dvma, uint8_t *hva, uint64_t avail,
	uint64_t fgen, uint64_t gen, uint64_t attr)
{
	unsigned int w = xc_way(dvma);
	uint64_t pgoff = 0;

	if (t != NULL)
		pgoff = (dvma - t->lo) & ((1ULL << t->shift) - 1);
	xc->e[w].fn = fn;
	xc->e[w].t = t;
	xc->e[w].gen_src = t != NULL ? &t->tlb.gen : &fn->rc->p->mem_gen;
	xc->e[w].gen = gen;
	xc->e[w].fgen = fgen;
	xc->e[w].lo = dvma - pgoff;
	xc->e[w].len = pgoff + avail;
	xc->e[w].hva = hva - pgoff;
	xc->e[w].attr = attr;
}

/* xlate() through the engine's cache @p xc (NULL: none). */
static inline enum sun4v_fault_reason
xlate_xc(struct sun4v_dma_xcache *xc, struct sun4v_func *fn, uint64_t dvma,
	 uint64_t perm, uint8_t **hva, uint64_t *avail,
	 struct sun4v_table **tp)
{
	enum sun4v_fault_reason r;
	uint64_t fgen, gen, attr;
	struct sun4v_table *t;

	if (xc == NULL)
		return xlate(fn, dvma, perm, hva, avail, tp);
	*tp = NULL;
	if (xc_hit(xc, fn, dvma, perm, hva, avail))
		return SUN4V_FAULT_NONE;
	/* Generations first: a change racing with this fill leaves an
	 * entry that never hits, never one that hits stale. */
	fgen = atomic_load_explicit(&fn->xgen, memory_order_acquire);
	t = sun4v_hv_abi_is_bypass(dvma) ? NULL : window_of(fn, dvma);
	gen = atomic_load_explicit(t != NULL ? &t->tlb.gen : &fn->rc->p->mem_gen,
				   memory_order_acquire);
	r = xlate_attr(fn, dvma, perm, hva, avail, tp, &attr);
	if (r != SUN4V_FAULT_NONE || *tp != t)
		return r;
	/* The IOTTE's own R/W bits, as an IOTLB entry holds them. */
	xc_fill(xc, fn, t, dvma, *hva, *avail, fgen, gen, attr);
	return SUN4V_FAULT_NONE;
}

static inline void
copy(uint8_t *hva, uint8_t *buf, uint64_t len, enum sun4v_dma_dir dir)
{
	/* memmove: the source of a write may itself be guest memory (a
	 * frame written from its header view, i40e-sim §6.2), and a guest
	 * may post an RX buffer over the TX buffer being sent (its own
	 * error: then it behaves as a read followed by a write). */
	if (dir == SUN4V_DMA_READ)
		memmove(buf, hva, len);
	else
		memmove(hva, buf, len);
}

/* Copy pass for accesses longer than SPLIT_MAX pages, after a check pass. */
static int
copy_long(struct sun4v_func *fn, uint64_t dvma, uint8_t *buf, uint64_t len,
	  enum sun4v_dma_dir dir, uint64_t perm)
{
	struct sun4v_table *t;
	enum sun4v_fault_reason r;
	uint64_t done = 0, av, n;
	uint8_t *h;

	while (done < len) {
		r = xlate(fn, dvma + done, perm, &h, &av, &t);
		if (r != SUN4V_FAULT_NONE)
			return sun4v_fault_raise(fn, dvma + done, dir, r, t);
		n = av < len - done ? av : len - done;
		copy(h, buf + done, n, dir);
		done += n;
	}
	return 0;
}

/* An access crossing IO pages: check every page, then copy. */
static int
dma_split(struct sun4v_func *fn, uint64_t dvma, uint8_t *buf, uint64_t len,
	  enum sun4v_dma_dir dir, uint64_t perm, uint8_t *hva, uint64_t avail)
{
	struct { uint8_t *hva; uint64_t len; } c[SPLIT_MAX];
	struct sun4v_table *t;
	enum sun4v_fault_reason r;
	uint64_t done = avail, av, n;
	unsigned int nc = 1;
	uint8_t *h;

	c[0].hva = hva;
	c[0].len = avail;
	while (done < len) {
		r = xlate(fn, dvma + done, perm, &h, &av, &t);
		if (r != SUN4V_FAULT_NONE)
			return sun4v_fault_raise(fn, dvma + done, dir, r, t);
		n = av < len - done ? av : len - done;
		if (nc < SPLIT_MAX) {
			c[nc].hva = h;
			c[nc].len = n;
		}
		nc++;
		done += n;
	}
	if (nc > SPLIT_MAX)
		return copy_long(fn, dvma, buf, len, dir, perm);
	done = 0;
	for (unsigned int i = 0; i < nc; i++) {
		copy(c[i].hva, buf + done, c[i].len, dir);
		done += c[i].len;
	}
	return 0;
}

/* Every access's first step: blocked while quarantined, no address wrap,
 * the first IO page translated and checked (*hva, *avail).  0 or the
 * fault's errno (the fault is recorded). */
static __attribute__((noinline)) int
access_xlate_slow(struct sun4v_dma_xcache *xc, struct sun4v_func *fn,
		  uint64_t dvma, size_t len, enum sun4v_dma_dir dir,
		  uint64_t perm, uint8_t **hva, uint64_t *avail)
{
	struct sun4v_table *t;
	enum sun4v_fault_reason r;

	if (atomic_load_explicit(&fn->quarantined, memory_order_relaxed))
		return sun4v_fault_blocked(fn);
	if (dvma + len - 1 < dvma)
		return sun4v_fault_raise(fn, dvma, dir,
					 SUN4V_FAULT_OUT_OF_WINDOW, NULL);
	r = xlate_xc(xc, fn, dvma, perm, hva, avail, &t);
	if (r != SUN4V_FAULT_NONE)
		return sun4v_fault_raise(fn, dvma, dir, r, t);
	return 0;
}

/* The engine-cache hit inline in every access (measured: the call was a
 * fifth of the model's time at 64 B, doc/results.md §0b); the rest, the
 * same checks in the same order, out of line. */
static inline __attribute__((always_inline)) int
access_xlate(struct sun4v_dma_xcache *xc, struct sun4v_func *fn,
	     uint64_t dvma, size_t len, enum sun4v_dma_dir dir, uint64_t perm,
	     uint8_t **hva, uint64_t *avail)
{
	if (__builtin_expect(xc != NULL &&
			     !atomic_load_explicit(&fn->quarantined,
						   memory_order_relaxed) &&
			     dvma + len - 1 >= dvma &&
			     xc_hit(xc, fn, dvma, perm, hva, avail), 1))
		return 0;
	return access_xlate_slow(xc, fn, dvma, len, dir, perm, hva, avail);
}

static inline uint64_t
dir_perm(enum sun4v_dma_dir dir)
{
	return dir == SUN4V_DMA_READ ? HV_PCI_MAP_ATTR_READ :
				       HV_PCI_MAP_ATTR_WRITE;
}

static inline __attribute__((always_inline)) int
dma_access(struct sun4v_dma_xcache *xc, struct sun4v_func *fn, uint64_t dvma,
	   uint8_t *buf, size_t len, enum sun4v_dma_dir dir)
{
	uint64_t perm = dir_perm(dir), avail;
	uint8_t *hva;
	int ret;

	if (len == 0)
		return 0;
	ret = access_xlate(xc, fn, dvma, len, dir, perm, &hva, &avail);
	if (ret != 0)
		return ret;
	if (__builtin_expect(len <= avail, 1))
		copy(hva, buf, len, dir);
	else
		ret = dma_split(fn, dvma, buf, len, dir, perm, hva, avail);
	if (ret != 0)
		return ret;
	if (dir == SUN4V_DMA_READ) {
		sun4v_count(&fn->reads, 1);
		sun4v_count(&fn->read_bytes, len);
	} else {
		sun4v_count(&fn->writes, 1);
		sun4v_count(&fn->write_bytes, len);
	}
	return 0;
}

int
sun4v_dma_read_xc(struct sun4v_dma_xcache *xc, struct sun4v_func *fn,
		  uint64_t dvma, void *dst, size_t len)
{
	if (fn == NULL || (dst == NULL && len != 0))
		return -EINVAL;
	return dma_access(xc, fn, dvma, dst, len, SUN4V_DMA_READ);
}

int
sun4v_dma_read_view(struct sun4v_dma_xcache *xc, struct sun4v_func *fn,
		    uint64_t dvma, size_t len, void *bounce,
		    const uint8_t **view)
{
	uint64_t avail;
	uint8_t *hva;
	int rc;

	if (fn == NULL || view == NULL || bounce == NULL || len == 0)
		return -EINVAL;
	rc = access_xlate(xc, fn, dvma, len, SUN4V_DMA_READ,
			  HV_PCI_MAP_ATTR_READ, &hva, &avail);
	if (rc != 0)
		return rc;
	if (__builtin_expect(len <= avail, 1)) {
		/* In one IO page: the checked bytes are read where they lie,
		 * the one read a copy would have made. */
		*view = hva;
	} else {
		rc = dma_split(fn, dvma, bounce, len, SUN4V_DMA_READ,
			       HV_PCI_MAP_ATTR_READ, hva, avail);
		if (rc != 0)
			return rc;
		*view = bounce;
	}
	sun4v_count(&fn->reads, 1);
	sun4v_count(&fn->read_bytes, len);
	return 0;
}

int
sun4v_dma_write_xc(struct sun4v_dma_xcache *xc, struct sun4v_func *fn,
		   uint64_t dvma, const void *src, size_t len)
{
	if (fn == NULL || (src == NULL && len != 0))
		return -EINVAL;
	/* The buffer is only read on this path; copy() takes one pointer type. */
	return dma_access(xc, fn, dvma, (uint8_t *)(uintptr_t)src, len,
			  SUN4V_DMA_WRITE);
}

int
sun4v_dma_read(struct sun4v_func *fn, uint64_t dvma, void *dst, size_t len)
{
	return sun4v_dma_read_xc(NULL, fn, dvma, dst, len);
}

int
sun4v_dma_write(struct sun4v_func *fn, uint64_t dvma, const void *src,
		size_t len)
{
	return sun4v_dma_write_xc(NULL, fn, dvma, src, len);
}

/* One side of a copy: translate its first IO page; *fits tells whether
 * the whole access lies in it. */
static inline int
copy_side(struct sun4v_dma_xcache *xc, struct sun4v_func *fn, uint64_t dvma,
	  size_t len, enum sun4v_dma_dir dir, uint8_t **hva, bool *fits)
{
	uint64_t avail;
	int rc = access_xlate(xc, fn, dvma, len, dir, dir_perm(dir), hva,
			      &avail);

	*fits = rc == 0 && len <= avail;
	return rc;
}

/* Either side crosses an IO page: stage through a bounce buffer, each
 * access checked whole before it copies (so a failed write writes
 * nothing). */
static int
copy_bounce(struct sun4v_func *dst_fn, uint64_t dst_dvma,
	    struct sun4v_func *src_fn, uint64_t src_dvma, size_t len,
	    enum sun4v_dma_dir *side)
{
	uint8_t buf[SUN4V_DMA_COPY_MAX];
	int rc;

	if (len > sizeof(buf))
		return -EINVAL;
	*side = SUN4V_DMA_READ;
	rc = dma_access(NULL, src_fn, src_dvma, buf, len, SUN4V_DMA_READ);
	if (rc != 0)
		return rc;
	*side = SUN4V_DMA_WRITE;
	return dma_access(NULL, dst_fn, dst_dvma, buf, len, SUN4V_DMA_WRITE);
}

int
sun4v_dma_copy(struct sun4v_dma_xcache *dst_xc, struct sun4v_func *dst_fn,
	       uint64_t dst_dvma, struct sun4v_dma_xcache *src_xc,
	       struct sun4v_func *src_fn, uint64_t src_dvma, size_t len,
	       enum sun4v_dma_dir *side)
{
	uint8_t *src, *dst;
	bool src_fits = false, dst_fits = false;
	int rc;

	if (dst_fn == NULL || src_fn == NULL || side == NULL)
		return -EINVAL;
	if (len == 0)
		return 0;
	*side = SUN4V_DMA_READ;
	rc = copy_side(src_xc, src_fn, src_dvma, len, SUN4V_DMA_READ, &src,
		       &src_fits);
	if (rc != 0)
		return rc;
	*side = SUN4V_DMA_WRITE;
	rc = copy_side(dst_xc, dst_fn, dst_dvma, len, SUN4V_DMA_WRITE, &dst,
		       &dst_fits);
	if (rc != 0)
		return rc;
	if (__builtin_expect(!src_fits || !dst_fits, 0))
		return copy_bounce(dst_fn, dst_dvma, src_fn, src_dvma, len, side);
	/* A guest may post an RX buffer that overlaps the TX buffer being
	 * sent (its own error): memmove, as a read then a write would
	 * behave, not memcpy's undefined behaviour (found by fuzz_i40e_sim). */
	memmove(dst, src, len);
	sun4v_count(&src_fn->reads, 1);
	sun4v_count(&src_fn->read_bytes, len);
	sun4v_count(&dst_fn->writes, 1);
	sun4v_count(&dst_fn->write_bytes, len);
	return 0;
}

int
sun4v_dma_write_ordered(struct sun4v_dma_xcache *xc, struct sun4v_func *fn,
			uint64_t dvma, const void *src, size_t len, size_t last)
{
	const uint8_t *b = src;
	uint8_t *hva;
	bool fits = false;
	int rc;

	if (fn == NULL || src == NULL || last >= len)
		return -EINVAL;
	rc = copy_side(xc, fn, dvma, len, SUN4V_DMA_WRITE, &hva, &fits);
	if (rc != 0)
		return rc;
	if (__builtin_expect(!fits, 0)) {
		/* Across an IO page: two checked writes, the byte last. */
		uint8_t body[64];

		if (len > sizeof(body))
			return -EINVAL;
		memcpy(body, b, len);
		body[last] = 0;
		rc = dma_access(NULL, fn, dvma, body, len, SUN4V_DMA_WRITE);
		atomic_thread_fence(memory_order_release);
		return rc != 0 ? rc : dma_access(NULL, fn, dvma + last,
						 (uint8_t *)(uintptr_t)&b[last],
						 1, SUN4V_DMA_WRITE);
	}
	memcpy(hva, b, last);
	memcpy(hva + last + 1, b + last + 1, len - last - 1);
	/* One release store of that byte (a plain move on x86 and SPARC):
	 * a driver that loads it with acquire then sees every other byte,
	 * in the C11 model too (ThreadSanitizer, doc/reliability.md). */
	atomic_store_explicit((_Atomic uint8_t *)(void *)(hva + last), b[last],
			      memory_order_release);
	sun4v_count(&fn->writes, 1);
	sun4v_count(&fn->write_bytes, len);
	return 0;
}

int
sun4v_dma_write_ordered_n(struct sun4v_dma_xcache *xc, struct sun4v_func *fn,
			  uint64_t dvma, const void *src, size_t size,
			  unsigned int n, size_t last, unsigned int *done)
{
	const uint8_t *b = src;
	uint8_t *hva;
	bool fits = false;
	int rc;

	if (done == NULL)
		return -EINVAL;
	*done = 0;
	if (fn == NULL || src == NULL || n == 0 || size == 0 || size > 64 ||
	    last >= size)
		return -EINVAL;
	/* The first record's fault is the run's: the same address. */
	rc = copy_side(xc, fn, dvma, size * n, SUN4V_DMA_WRITE, &hva, &fits);
	if (rc != 0)
		return rc;
	if (__builtin_expect(!fits, 0)) {
		for (unsigned int i = 0; i < n; i++, (*done)++) {
			rc = sun4v_dma_write_ordered(xc, fn, dvma + i * size,
						     b + i * size, size, last);
			if (rc != 0)
				return rc;
		}
		return 0;
	}
	for (unsigned int i = 0; i < n; i++) {
		memcpy(hva + i * size, b + i * size, last);
		memcpy(hva + i * size + last + 1, b + i * size + last + 1,
		       size - last - 1);
	}
	/* In record order, each a release store (see write_ordered). */
	for (unsigned int i = 0; i < n; i++)
		atomic_store_explicit((_Atomic uint8_t *)(void *)
				      (hva + i * size + last),
				      b[i * size + last], memory_order_release);
	sun4v_count(&fn->writes, 1);
	sun4v_count(&fn->write_bytes, size * n);
	*done = n;
	return 0;
}

void
sun4v_dma_prefetch(struct sun4v_dma_xcache *xc, const struct sun4v_func *fn,
		   uint64_t dvma, size_t len, enum sun4v_dma_dir dir)
{
	uint64_t perm = dir_perm(dir), avail;
	uint8_t *hva;

	/* A hint, not an access: an entry that hits is not counted. */
	if (xc == NULL || fn == NULL ||
	    !xc_way_hit(xc, xc_way(dvma), fn, dvma, perm,
			atomic_load_explicit(&fn->xgen, memory_order_acquire),
			&hva, &avail, false))
		return;
	if (len > avail)
		len = avail;
	/* The head of the range: the CPU's own prefetcher streams the rest,
	 * and a hint per line of a whole frame only fills the line-fill
	 * buffers (measured: doc/results.md). */
	if (len > SUN4V_DMA_PREFETCH_MAX)
		len = SUN4V_DMA_PREFETCH_MAX;
	for (size_t b = 0; b < len; b += 64) {
		if (dir == SUN4V_DMA_WRITE)
			__builtin_prefetch(hva + b, 1, 3);
		else
			__builtin_prefetch(hva + b, 0, 3);
	}
}
