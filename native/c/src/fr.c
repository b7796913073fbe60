/* BLS12-381 scalar field arithmetic: Montgomery multiplication (CIOS) on 4 x 64-bit limbs
 * with unsigned __int128. Written from the field definition; see fr.h. */
#include "fr.h"
#include "sealcore.h"
#include <string.h>

typedef unsigned __int128 u128;

const uint64_t FR_MODULUS[4] = {
    0xffffffff00000001ULL, 0x53bda402fffe5bfeULL, 0x3339d80809a1d805ULL, 0x73eda753299d7d48ULL};
/* -r^-1 mod 2^64 */
#define FR_INV 0xfffffffeffffffffULL
/* R mod r and R^2 mod r, R = 2^256 (computed with Python big integers). */
const fr_t FR_ZERO = {{0, 0, 0, 0}};
const fr_t FR_ONE = {{0x00000001fffffffeULL, 0x5884b7fa00034802ULL, 0x998c4fefecbc4ff5ULL,
                      0x1824b159acc5056fULL}};
static const fr_t FR_R2 = {{0xc999e990f3f29c6dULL, 0x2b6cedcb87925c23ULL, 0x05d314967254398fULL,
                            0x0748d9d99f59ff11ULL}};

/* a >= r ? */
static inline int geq_mod(const uint64_t a[4]) {
    for (int i = 3; i >= 0; i--) {
        if (a[i] > FR_MODULUS[i]) return 1;
        if (a[i] < FR_MODULUS[i]) return 0;
    }
    return 1;
}

static inline void sub_mod_limbs(uint64_t a[4]) {
    u128 b = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)a[i] - FR_MODULUS[i] - (uint64_t)b;
        a[i] = (uint64_t)d;
        b = (d >> 64) & 1;
    }
}

static inline void add_limbs(uint64_t o[4], const uint64_t a[4], const uint64_t b[4]) {
    /* a, b < r < 2^255, so the sum fits in 256 bits. */
    u128 c = 0;
    for (int i = 0; i < 4; i++) {
        c = (u128)a[i] + b[i] + (uint64_t)(c >> 64);
        o[i] = (uint64_t)c;
    }
    if (geq_mod(o)) sub_mod_limbs(o);
}

static inline void sub_limbs(uint64_t o[4], const uint64_t a[4], const uint64_t b[4]) {
    u128 br = 0;
    uint64_t t[4];
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)a[i] - b[i] - (uint64_t)br;
        t[i] = (uint64_t)d;
        br = (d >> 64) & 1;
    }
    if (br) {
        u128 c = 0;
        for (int i = 0; i < 4; i++) {
            c = (u128)t[i] + FR_MODULUS[i] + (uint64_t)(c >> 64);
            t[i] = (uint64_t)c;
        }
    }
    memcpy(o, t, sizeof t);
}

void fr_add(fr_t *o, const fr_t *a, const fr_t *b) { fr_add_inl(o, a, b); }
void fr_sub(fr_t *o, const fr_t *a, const fr_t *b) { sub_limbs(o->l, a->l, b->l); }
void fr_neg(fr_t *o, const fr_t *a) { sub_limbs(o->l, FR_ZERO.l, a->l); }


static inline void mont_mul(uint64_t o[4], const uint64_t a[4], const uint64_t b[4]) {
    fr_t r;
    fr_mul_inl(&r, (const fr_t *)a, (const fr_t *)b);
    memcpy(o, r.l, sizeof r.l);
}

/* MULX/ADCX/ADOX version (fr_adx.c), chosen once at load time when the CPU has BMI2 + ADX. */
#if defined(__x86_64__) && defined(__ELF__)
void sc_fr_mul_adx(uint64_t o[4], const uint64_t a[4], const uint64_t b[4]);
#include <stdlib.h>
static int FR_ADX;
__attribute__((constructor)) static void fr_pick_mul(void) {
    const char *off = getenv("SEALCORE_NO_ADX");
    __builtin_cpu_init();
    FR_ADX = __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("adx") && !(off && *off == '1');
}
int fr_mul_uses_adx(void) { return FR_ADX; }
void fr_mul_adx(fr_t *o, const fr_t *a, const fr_t *b) {
    if (FR_ADX) sc_fr_mul_adx(o->l, a->l, b->l);
    else fr_mul_inl(o, a, b);
}
void fr_mul(fr_t *o, const fr_t *a, const fr_t *b) {
    if (__builtin_expect(FR_ADX, 1)) sc_fr_mul_adx(o->l, a->l, b->l);
    else fr_mul_inl(o, a, b);
}
#else
int fr_mul_uses_adx(void) { return 0; }
void fr_mul_adx(fr_t *o, const fr_t *a, const fr_t *b) { fr_mul_inl(o, a, b); }
void fr_mul(fr_t *o, const fr_t *a, const fr_t *b) { fr_mul_inl(o, a, b); }
#endif
void fr_mul_portable(fr_t *o, const fr_t *a, const fr_t *b) { fr_mul_inl(o, a, b); }

const char *sc_fr_mul_impl(void) { return fr_mul_uses_adx() ? "adx" : "portable"; }
void fr_sqr(fr_t *o, const fr_t *a) { fr_mul(o, a, a); }

void fr_pow5(fr_t *o, const fr_t *a) {
    fr_t s;
    fr_mul(&s, a, a);
    fr_mul(&s, &s, &s);
    fr_mul(o, &s, a);
}

void fr_pow(fr_t *o, const fr_t *a, const uint64_t e[4]) {
    fr_t acc = FR_ONE, base = *a;
    for (int i = 3; i >= 0; i--)
        for (int b = 63; b >= 0; b--) {
            fr_sqr(&acc, &acc);
            if ((e[i] >> b) & 1) fr_mul(&acc, &acc, &base);
        }
    *o = acc;
}

int fr_is_zero(const fr_t *a) { return (a->l[0] | a->l[1] | a->l[2] | a->l[3]) == 0; }
int fr_eq(const fr_t *a, const fr_t *b) { return memcmp(a->l, b->l, sizeof a->l) == 0; }

int fr_inv(fr_t *o, const fr_t *a) {
    if (fr_is_zero(a)) { *o = FR_ZERO; return -1; }
    uint64_t e[4] = {FR_MODULUS[0] - 2, FR_MODULUS[1], FR_MODULUS[2], FR_MODULUS[3]};
    fr_pow(o, a, e);  /* Fermat: a^(r-2) */
    return 0;
}

static inline void load_le(uint64_t l[4], const uint8_t in[32]) {
    for (int i = 0; i < 4; i++) {
        uint64_t v = 0;
        for (int k = 7; k >= 0; k--) v = (v << 8) | in[8 * i + k];
        l[i] = v;
    }
}
static inline void store_le(uint8_t out[32], const uint64_t l[4]) {
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 8; k++) out[8 * i + k] = (uint8_t)(l[i] >> (8 * k));
}

int fr_bytes_canonical(const uint8_t in[32]) {
    uint64_t l[4];
    load_le(l, in);
    return !geq_mod(l);
}

void fr_to_mont(fr_t *o, const uint64_t canon[4]) { mont_mul(o->l, canon, FR_R2.l); }
void fr_from_mont(uint64_t canon[4], const fr_t *a) {
    static const uint64_t one[4] = {1, 0, 0, 0};
    mont_mul(canon, a->l, one);
}

int fr_from_bytes(fr_t *o, const uint8_t in[32]) {
    uint64_t l[4];
    load_le(l, in);
    if (geq_mod(l)) return -1;
    fr_to_mont(o, l);
    return 0;
}

void fr_to_bytes(uint8_t out[32], const fr_t *a) {
    uint64_t l[4];
    fr_from_mont(l, a);
    store_le(out, l);
}

void fr_from_u64(fr_t *o, uint64_t v) {
    uint64_t l[4] = {v, 0, 0, 0};
    fr_to_mont(o, l);
}

int fr_bytes_add(uint8_t out[32], const uint8_t a[32], const uint8_t b[32]) {
    uint64_t x[4], y[4];
    load_le(x, a);
    load_le(y, b);
    if (geq_mod(x) || geq_mod(y)) return -1;
    add_limbs(x, x, y);
    store_le(out, x);
    return 0;
}

int fr_bytes_sub(uint8_t out[32], const uint8_t a[32], const uint8_t b[32]) {
    uint64_t x[4], y[4];
    load_le(x, a);
    load_le(y, b);
    if (geq_mod(x) || geq_mod(y)) return -1;
    sub_limbs(x, x, y);
    store_le(out, x);
    return 0;
}
