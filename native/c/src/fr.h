/* BLS12-381 scalar field Fr (r = 0x73eda753...00000001), Montgomery form with R = 2^256,
 * four 64-bit little-endian limbs. Byte encoding: 32 bytes little-endian canonical value
 * (what rust-fil-proofs / blstrs call the Fr repr). Internal to libsealcore.
 *
 * Not constant-time: fr_pow branches on exponent bits, fr_inv on a zero input, fr_from_bytes and the
 * canonical-byte add/sub return early on non-canonical input, and comparisons use memcmp.
 * That is fine for sealing because every value this arithmetic touches is public: the data
 * (a storage client's deal), the ticket and seed (from the chain), the labels, column hashes,
 * trees and commitments (published or derivable from public inputs). Nothing here is a key;
 * do not reuse this code for secret scalars (signing, private keys). */
#ifndef SEALCORE_FR_H
#define SEALCORE_FR_H
#include <stdint.h>

typedef struct { uint64_t l[4]; } fr_t;

/* The modulus r as little-endian limbs. */
extern const uint64_t FR_MODULUS[4];
extern const fr_t FR_ZERO;
extern const fr_t FR_ONE;   /* 1 in Montgomery form (= R mod r) */

void fr_add(fr_t *o, const fr_t *a, const fr_t *b);
void fr_sub(fr_t *o, const fr_t *a, const fr_t *b);
void fr_neg(fr_t *o, const fr_t *a);
void fr_mul(fr_t *o, const fr_t *a, const fr_t *b);
/* The two implementations behind fr_mul, for tests: portable C, and MULX/ADCX/ADOX (falls back
 * to C when the CPU lacks BMI2/ADX; fr_mul_uses_adx tells which fr_mul uses). */
void fr_mul_portable(fr_t *o, const fr_t *a, const fr_t *b);
void fr_mul_adx(fr_t *o, const fr_t *a, const fr_t *b);
int fr_mul_uses_adx(void);
void fr_sqr(fr_t *o, const fr_t *a);
/* o = a^5 (the Poseidon S-box). */
void fr_pow5(fr_t *o, const fr_t *a);
/* o = a^e for a little-endian 4-limb exponent. */
void fr_pow(fr_t *o, const fr_t *a, const uint64_t e[4]);
/* o = 1/a; returns -1 (and o = 0) when a == 0. */
int fr_inv(fr_t *o, const fr_t *a);
int fr_is_zero(const fr_t *a);
int fr_eq(const fr_t *a, const fr_t *b);

/* 32 little-endian bytes -> Montgomery element. Returns -1 if the value is >= r. */
int fr_from_bytes(fr_t *o, const uint8_t in[32]);
/* Montgomery element -> 32 little-endian canonical bytes. */
void fr_to_bytes(uint8_t out[32], const fr_t *a);
void fr_from_u64(fr_t *o, uint64_t v);
/* Montgomery <-> canonical limbs. */
void fr_to_mont(fr_t *o, const uint64_t canon[4]);
void fr_from_mont(uint64_t canon[4], const fr_t *a);
/* Is this 32-byte little-endian value < r? */
int fr_bytes_canonical(const uint8_t in[32]);

/* Canonical-byte arithmetic used by the SDR encoding (no Montgomery conversion):
 * out = (a + b) mod r and out = (a - b) mod r on 32-byte little-endian values < r.
 * Return -1 if an input is not canonical (out untouched). out may alias a or b. */
int fr_bytes_add(uint8_t out[32], const uint8_t a[32], const uint8_t b[32]);
int fr_bytes_sub(uint8_t out[32], const uint8_t a[32], const uint8_t b[32]);
/* ---- inline hot path (Poseidon, tree building) ---- */
typedef unsigned __int128 fr_u128;
#define FR_M0 0xffffffff00000001ULL
#define FR_M1 0x53bda402fffe5bfeULL
#define FR_M2 0x3339d80809a1d805ULL
#define FR_M3 0x73eda753299d7d48ULL
#define FR_MINV 0xfffffffeffffffffULL /* -r^-1 mod 2^64 */

/* o = t mod r for t < 2r, without branches. */
static inline void fr_reduce_once(uint64_t o[4], uint64_t t0, uint64_t t1, uint64_t t2, uint64_t t3) {
    fr_u128 d;
    uint64_t s0, s1, s2, s3, b;
    d = (fr_u128)t0 - FR_M0;                 s0 = (uint64_t)d; b = (uint64_t)(d >> 64) & 1;
    d = (fr_u128)t1 - FR_M1 - b;             s1 = (uint64_t)d; b = (uint64_t)(d >> 64) & 1;
    d = (fr_u128)t2 - FR_M2 - b;             s2 = (uint64_t)d; b = (uint64_t)(d >> 64) & 1;
    d = (fr_u128)t3 - FR_M3 - b;             s3 = (uint64_t)d; b = (uint64_t)(d >> 64) & 1;
    uint64_t keep = (uint64_t)0 - b;         /* all ones when t < r */
    o[0] = (t0 & keep) | (s0 & ~keep);
    o[1] = (t1 & keep) | (s1 & ~keep);
    o[2] = (t2 & keep) | (s2 & ~keep);
    o[3] = (t3 & keep) | (s3 & ~keep);
}

/* Montgomery product a*b/R mod r. CIOS without the extra carry word: valid because the top
 * limb of r is below 2^63 - 1, so the running value never needs a fifth limb. */
static inline void fr_mul_inl(fr_t *o, const fr_t *x, const fr_t *y) {
    const uint64_t *a = x->l, *b = y->l;
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t bi = b[i], A, C, m;
        fr_u128 p;
        p = (fr_u128)a[0] * bi + t0;          A = (uint64_t)(p >> 64); t0 = (uint64_t)p;
        m = t0 * FR_MINV;
        p = (fr_u128)m * FR_M0 + t0;          C = (uint64_t)(p >> 64);
        p = (fr_u128)a[1] * bi + t1 + A;      A = (uint64_t)(p >> 64); t1 = (uint64_t)p;
        p = (fr_u128)m * FR_M1 + t1 + C;      C = (uint64_t)(p >> 64); t0 = (uint64_t)p;
        p = (fr_u128)a[2] * bi + t2 + A;      A = (uint64_t)(p >> 64); t2 = (uint64_t)p;
        p = (fr_u128)m * FR_M2 + t2 + C;      C = (uint64_t)(p >> 64); t1 = (uint64_t)p;
        p = (fr_u128)a[3] * bi + t3 + A;      A = (uint64_t)(p >> 64); t3 = (uint64_t)p;
        p = (fr_u128)m * FR_M3 + t3 + C;      C = (uint64_t)(p >> 64); t2 = (uint64_t)p;
        t3 = C + A;
    }
    fr_reduce_once(o->l, t0, t1, t2, t3);
}

/* o = a + b mod r (a, b < r < 2^255, so the sum fits in 256 bits). */
static inline void fr_add_inl(fr_t *o, const fr_t *x, const fr_t *y) {
    fr_u128 c;
    uint64_t t0, t1, t2, t3;
    c = (fr_u128)x->l[0] + y->l[0];                          t0 = (uint64_t)c;
    c = (fr_u128)x->l[1] + y->l[1] + (uint64_t)(c >> 64);    t1 = (uint64_t)c;
    c = (fr_u128)x->l[2] + y->l[2] + (uint64_t)(c >> 64);    t2 = (uint64_t)c;
    c = (fr_u128)x->l[3] + y->l[3] + (uint64_t)(c >> 64);    t3 = (uint64_t)c;
    fr_reduce_once(o->l, t0, t1, t2, t3);
}

static inline void fr_pow5_inl(fr_t *o, const fr_t *a) {
    fr_t s;
    fr_mul_inl(&s, a, a);
    fr_mul_inl(&s, &s, &s);
    fr_mul_inl(o, &s, a);
}
#endif
