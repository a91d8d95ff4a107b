/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The model's Toeplitz hash (sim/i40e, plain C from the datasheet
 * definition) against DPDK's rte_softrss() and rte_softrss_be() (header-
 * inline rte_thash.h; nothing of DPDK is linked, no EAL).  Two independent
 * implementations that agree on the Microsoft RSS verification-suite
 * vectors and on many random keys and tuples are the evidence that the
 * model hashes as the XL710 does (doc/spec/i40e-sim.md §4.7).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_thash.h>

#include "i40e_sim_toeplitz.h"
#include "test_assert.h"

/* XL710 key length (13 HKEY registers); DPDK needs 4 bytes past the input. */
#define KEY_LEN 52u
/* Random keys and tuples per tuple length. */
#define NB_RANDOM 20000u

/* The 40-byte key of the Microsoft RSS verification suite, zero padded. */
static const uint8_t ms_key[KEY_LEN] __rte_aligned(4) = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
	0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
	0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
	0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* xorshift64*: deterministic, so a failure reproduces. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

/* DPDK wants the tuple as host-order 32-bit words of the network bytes. */
static void
to_words(const uint8_t *in, size_t len, uint32_t *w)
{
	for (size_t i = 0; i < len / 4; i++)
		w[i] = (uint32_t)in[4 * i] << 24 | (uint32_t)in[4 * i + 1] << 16 |
		       (uint32_t)in[4 * i + 2] << 8 | in[4 * i + 3];
}

/* The model, rte_softrss() and rte_softrss_be() on one key and tuple. */
static int
hash_three(const uint8_t *key, const uint8_t *in, size_t len, uint32_t *h)
{
	uint32_t w[9], key_be[KEY_LEN / 4];

	to_words(in, len, w);
	rte_convert_rss_key((const uint32_t *)key, key_be, KEY_LEN);
	h[0] = i40e_sim_toeplitz(key, KEY_LEN, in, len);
	h[1] = rte_softrss(w, (uint32_t)(len / 4), key);
	h[2] = rte_softrss_be(w, (uint32_t)(len / 4), (const uint8_t *)key_be);
	return h[0] == h[1] && h[1] == h[2] ? 0 : -1;
}

/* Tuple: source address, destination address, then the ports if any. */
static size_t
tuple(uint8_t *out, const uint8_t *src, const uint8_t *dst, size_t alen,
      int sport, int dport)
{
	memcpy(out, src, alen);
	memcpy(out + alen, dst, alen);
	if (sport < 0)
		return 2 * alen;
	out[2 * alen] = (uint8_t)(sport >> 8);
	out[2 * alen + 1] = (uint8_t)sport;
	out[2 * alen + 2] = (uint8_t)(dport >> 8);
	out[2 * alen + 3] = (uint8_t)dport;
	return 2 * alen + 4;
}

struct ms_vector {
	uint8_t dst[16], src[16]; /* as the suite lists them: destination first */
	uint16_t dport, sport;
	uint32_t hash_l3;         /* addresses only */
	uint32_t hash_l4;         /* addresses and TCP ports */
};

/* Microsoft "Verifying the RSS Hash Calculation", IPv4 table. */
static const struct ms_vector ms_v4[] = {
	{ { 161, 142, 100, 80 }, { 66, 9, 149, 187 }, 1766, 2794,
	  0x323e8fc2, 0x51ccc178 },
	{ { 65, 69, 140, 83 }, { 199, 92, 111, 2 }, 4739, 14230,
	  0xd718262a, 0xc626b0ea },
	{ { 12, 22, 207, 184 }, { 24, 19, 198, 95 }, 38024, 12898,
	  0xd2d0a5de, 0x5c2b394a },
	{ { 209, 142, 163, 6 }, { 38, 27, 205, 30 }, 2217, 48228,
	  0x82989176, 0xafc7327f },
	{ { 202, 188, 127, 2 }, { 153, 39, 163, 191 }, 1303, 44251,
	  0x5d1809c5, 0x10e828a2 },
};

/* The same document, IPv6 table. */
static const struct ms_vector ms_v6[] = {
	{ { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x00, 0x03, 0, 0, 0, 0, 0, 0, 0, 1 },
	  { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x1f, 0xff, 0, 0, 0, 0, 0, 0, 0, 7 },
	  1766, 2794, 0x2cc18cd5, 0x40207d3d },
	{ { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
	  { 0x3f, 0xfe, 0x05, 0x01, 0x00, 0x08, 0x00, 0x00,
	    0x02, 0x60, 0x97, 0xff, 0xfe, 0x40, 0xef, 0xab },
	  4739, 14230, 0x0f0c461c, 0xdde51bbf },
	{ { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0xf8, 0xff, 0xfe, 0x21, 0x67, 0xcf },
	  { 0x3f, 0xfe, 0x19, 0x00, 0x45, 0x45, 0x00, 0x03,
	    0x02, 0x00, 0xf8, 0xff, 0xfe, 0x21, 0x67, 0xcf },
	  38024, 44251, 0x4b61e985, 0x02d1feef },
};

static int
check_ms(const struct ms_vector *v, unsigned int n, size_t alen,
	 const char *family)
{
	uint8_t in[36];
	uint32_t h[3];

	for (unsigned int i = 0; i < n; i++) {
		size_t len = tuple(in, v[i].src, v[i].dst, alen, -1, 0);

		TEST_ASSERT_OK(hash_three(ms_key, in, len, h),
			       "%s #%u L3: model %#x, softrss %#x, softrss_be %#x",
			       family, i, h[0], h[1], h[2]);
		TEST_ASSERT_EQ(h[0], v[i].hash_l3, "%s #%u L3 published", family, i);
		len = tuple(in, v[i].src, v[i].dst, alen, v[i].sport, v[i].dport);
		TEST_ASSERT_OK(hash_three(ms_key, in, len, h),
			       "%s #%u L4: model %#x, softrss %#x, softrss_be %#x",
			       family, i, h[0], h[1], h[2]);
		TEST_ASSERT_EQ(h[0], v[i].hash_l4, "%s #%u L4 published", family, i);
	}
	return TEST_SUCCESS;
}

static int
test_toeplitz_ms_vectors(void)
{
	if (check_ms(ms_v4, RTE_DIM(ms_v4), 4, "IPv4") != TEST_SUCCESS)
		return TEST_FAILED;
	return check_ms(ms_v6, RTE_DIM(ms_v6), 16, "IPv6");
}

/* Random keys and tuples of every length the XL710 hashes. */
static int
test_toeplitz_random(void)
{
	/* IPv4 L3, IPv4 L4, IPv6 L3, IPv6 L4 (i40e-facts / spec §4.7). */
	static const size_t lens[] = { 8, 12, 32, 36 };
	uint8_t key[KEY_LEN] __rte_aligned(4), in[36];
	uint64_t s = 0x9E3779B97F4A7C15ULL;
	uint32_t h[3];

	for (unsigned int l = 0; l < RTE_DIM(lens); l++) {
		for (unsigned int n = 0; n < NB_RANDOM; n++) {
			for (unsigned int i = 0; i < KEY_LEN; i++)
				key[i] = (uint8_t)rnd(&s);
			for (unsigned int i = 0; i < lens[l]; i++)
				in[i] = (uint8_t)rnd(&s);
			TEST_ASSERT_OK(hash_three(key, in, lens[l], h),
				       "len %zu case %u: model %#x, softrss %#x, "
				       "softrss_be %#x", lens[l], n, h[0], h[1], h[2]);
		}
	}
	return TEST_SUCCESS;
}

/* Edge cases a random draw rarely hits: all-ones, single bits, key end. */
static int
test_toeplitz_edges(void)
{
	uint8_t key[KEY_LEN] __rte_aligned(4), in[36];
	uint32_t h[3];

	memset(key, 0xFF, sizeof(key));
	memset(in, 0xFF, sizeof(in));
	TEST_ASSERT_OK(hash_three(key, in, 36, h), "all ones");
	for (unsigned int bit = 0; bit < 8 * 36; bit++) {
		memset(in, 0, sizeof(in));
		in[bit / 8] = (uint8_t)(0x80u >> (bit % 8));
		TEST_ASSERT_OK(hash_three(ms_key, in, 36, h),
			       "single bit %u: model %#x, softrss %#x", bit, h[0], h[1]);
	}
	memset(in, 0, sizeof(in));
	TEST_ASSERT_EQ(i40e_sim_toeplitz(ms_key, KEY_LEN, in, 36), 0u, "zero input");
	return TEST_SUCCESS;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_toeplitz_ms_vectors),
		TEST_CASE(test_toeplitz_random),
		TEST_CASE(test_toeplitz_edges),
		{ NULL, NULL },
	};

	return test_run_cases("toeplitz", cases);
}
