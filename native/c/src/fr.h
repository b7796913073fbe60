/* BLS12-381 scalar field Fr (r = 0x73eda753...00000001), Montgomery form with R = 2^256,
 * four 64-bit little-endian limbs. Byte encoding: 32 bytes little-endian canonical value
 * (what rust-fil-proofs / blstrs call the Fr repr). Internal to libsealcore. */
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
#endif
