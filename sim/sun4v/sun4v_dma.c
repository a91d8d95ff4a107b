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
xlate(struct sun4v_func *fn, uint64_t dvma, uint64_t perm, uint8_t **hva,
      uint64_t *avail, struct sun4v_table **tp)
{
	struct sun4v_table *t;
	uint64_t off, idx, tte, pgmask, bdf;

	*tp = NULL;
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
	pgmask = (1ULL << t->shift) - 1;
	*hva = (uint8_t *)(uintptr_t)((tte & SUN4V_TTE_RA_MASK) + (off & pgmask));
	*avail = pgmask + 1 - (off & pgmask);
	return SUN4V_FAULT_NONE;
}

static inline void
copy(uint8_t *hva, uint8_t *buf, uint64_t len, enum sun4v_dma_dir dir)
{
	if (dir == SUN4V_DMA_READ)
		memcpy(buf, hva, len);
	else
		memcpy(hva, buf, len);
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

static inline int
dma_access(struct sun4v_func *fn, uint64_t dvma, uint8_t *buf, size_t len,
	   enum sun4v_dma_dir dir)
{
	uint64_t perm = dir == SUN4V_DMA_READ ? HV_PCI_MAP_ATTR_READ :
						HV_PCI_MAP_ATTR_WRITE;
	struct sun4v_table *t;
	enum sun4v_fault_reason r;
	uint64_t avail;
	uint8_t *hva;
	int ret = 0;

	if (len == 0)
		return 0;
	if (__builtin_expect(atomic_load_explicit(&fn->quarantined,
						  memory_order_relaxed), 0))
		return sun4v_fault_blocked(fn);
	if (dvma + len - 1 < dvma)
		return sun4v_fault_raise(fn, dvma, dir,
					 SUN4V_FAULT_OUT_OF_WINDOW, NULL);
	r = xlate(fn, dvma, perm, &hva, &avail, &t);
	if (r != SUN4V_FAULT_NONE)
		return sun4v_fault_raise(fn, dvma, dir, r, t);
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
sun4v_dma_read(struct sun4v_func *fn, uint64_t dvma, void *dst, size_t len)
{
	if (fn == NULL || (dst == NULL && len != 0))
		return -EINVAL;
	return dma_access(fn, dvma, dst, len, SUN4V_DMA_READ);
}

int
sun4v_dma_write(struct sun4v_func *fn, uint64_t dvma, const void *src,
		size_t len)
{
	if (fn == NULL || (src == NULL && len != 0))
		return -EINVAL;
	/* The buffer is only read on this path; copy() takes one pointer type. */
	return dma_access(fn, dvma, (uint8_t *)(uintptr_t)src, len,
			  SUN4V_DMA_WRITE);
}

/* One side of a copy: translate the whole access within one IO page. */
static inline int
copy_side(struct sun4v_func *fn, uint64_t dvma, size_t len,
	  enum sun4v_dma_dir dir, uint8_t **hva, bool *fits)
{
	uint64_t perm = dir == SUN4V_DMA_READ ? HV_PCI_MAP_ATTR_READ :
						HV_PCI_MAP_ATTR_WRITE;
	struct sun4v_table *t;
	enum sun4v_fault_reason r;
	uint64_t avail;

	if (__builtin_expect(atomic_load_explicit(&fn->quarantined,
						  memory_order_relaxed), 0))
		return sun4v_fault_blocked(fn);
	if (dvma + len - 1 < dvma)
		return sun4v_fault_raise(fn, dvma, dir,
					 SUN4V_FAULT_OUT_OF_WINDOW, NULL);
	r = xlate(fn, dvma, perm, hva, &avail, &t);
	if (r != SUN4V_FAULT_NONE)
		return sun4v_fault_raise(fn, dvma, dir, r, t);
	*fits = len <= avail;
	return 0;
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
	rc = dma_access(src_fn, src_dvma, buf, len, SUN4V_DMA_READ);
	if (rc != 0)
		return rc;
	*side = SUN4V_DMA_WRITE;
	return dma_access(dst_fn, dst_dvma, buf, len, SUN4V_DMA_WRITE);
}

int
sun4v_dma_copy(struct sun4v_func *dst_fn, uint64_t dst_dvma,
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
	rc = copy_side(src_fn, src_dvma, len, SUN4V_DMA_READ, &src, &src_fits);
	if (rc != 0)
		return rc;
	*side = SUN4V_DMA_WRITE;
	rc = copy_side(dst_fn, dst_dvma, len, SUN4V_DMA_WRITE, &dst, &dst_fits);
	if (rc != 0)
		return rc;
	if (__builtin_expect(!src_fits || !dst_fits, 0))
		return copy_bounce(dst_fn, dst_dvma, src_fn, src_dvma, len, side);
	memcpy(dst, src, len);
	sun4v_count(&src_fn->reads, 1);
	sun4v_count(&src_fn->read_bytes, len);
	sun4v_count(&dst_fn->writes, 1);
	sun4v_count(&dst_fn->write_bytes, len);
	return 0;
}

int
sun4v_dma_write_ordered(struct sun4v_func *fn, uint64_t dvma,
			const void *src, size_t len, size_t last)
{
	const uint8_t *b = src;
	uint8_t *hva;
	bool fits = false;
	int rc;

	if (fn == NULL || src == NULL || last >= len)
		return -EINVAL;
	rc = copy_side(fn, dvma, len, SUN4V_DMA_WRITE, &hva, &fits);
	if (rc != 0)
		return rc;
	if (__builtin_expect(!fits, 0)) {
		/* Across an IO page: two checked writes, the byte last. */
		uint8_t body[64];

		if (len > sizeof(body))
			return -EINVAL;
		memcpy(body, b, len);
		body[last] = 0;
		rc = dma_access(fn, dvma, body, len, SUN4V_DMA_WRITE);
		atomic_thread_fence(memory_order_release);
		return rc != 0 ? rc : dma_access(fn, dvma + last,
						 (uint8_t *)(uintptr_t)&b[last],
						 1, SUN4V_DMA_WRITE);
	}
	memcpy(hva, b, last);
	memcpy(hva + last + 1, b + last + 1, len - last - 1);
	atomic_thread_fence(memory_order_release);
	*(volatile uint8_t *)(hva + last) = b[last];
	sun4v_count(&fn->writes, 1);
	sun4v_count(&fn->write_bytes, len);
	return 0;
}
