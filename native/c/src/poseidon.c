/* Poseidon as neptune computes it; see poseidon.h. Written from docs/proofs.md:
 * the constants come from the Grain LFSR of the Poseidon reference design, the MDS matrix is
 * the Cauchy matrix 1/(x_i + y_j) with x_i = i, y_j = t + j.
 *
 * Fast path. The partial rounds are rewritten into an equivalent cheaper form (the
 * transformation described in the Poseidon paper, appendix B):
 *  1. Constants: in a partial round only s[0] goes through the S-box, so the constants of
 *     s[1..] can be carried through the MDS matrix into the next round. Walking forward,
 *     each partial round keeps one scalar constant for s[0]; the remainder ends up in the
 *     constants of the first closing full round.
 *  2. Matrices: walking backward, each partial-round matrix Q is split as Q = N * D with
 *     D = diag(1, Q^) (Q^ = Q without row/column 0) and N = [[q00, w], [v, I]] sparse
 *     (v = Q[1..][0], w = Q[0][1..] * Q^^-1). D commutes with "add to s[0], S-box s[0]",
 *     so it moves into the previous round's matrix; the first partial round's D is folded
 *     into the matrix of the last opening full round.
 * poseidon_hash_reference computes the plain definition; the tests check both agree. */
#include "poseidon.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define R_F 8

struct poseidon_params {
    int arity, t, rp;
    fr_t tag;
    fr_t *rc;                                     /* (R_F + rp) * t plain constants */
    fr_t mds[POSEIDON_MAX_T][POSEIDON_MAX_T];     /* plain MDS */
    /* fast path */
    fr_t *frc;                                    /* full-round constants, R_F * t (adjusted) */
    fr_t *prc;                                    /* partial-round scalar constants, rp */
    fr_t pre[POSEIDON_MAX_T][POSEIDON_MAX_T];     /* matrix of the last opening full round */
    fr_t *sp;                                     /* rp sparse matrices: [q00, w(t-1), v(t-1)] */
};

static const int ARITIES[] = {2, 4, 8, 11, 16};
static const int PARTIAL[] = {55, 56, 57, 57, 59};
#define N_ARITIES 5
static poseidon_params PARAMS[N_ARITIES];
static pthread_once_t ONCE = PTHREAD_ONCE_INIT;
static int INIT_OK;

/* ---- Grain LFSR (80-bit state), self-shrinking output ---- */
typedef struct { uint8_t b[80]; int pos; } grain_t;

static int grain_step(grain_t *g) {
    /* b_{i+80} = b_{i+62} ^ b_{i+51} ^ b_{i+38} ^ b_{i+23} ^ b_{i+13} ^ b_i, on a ring buffer */
    int p = g->pos;
    int nb = g->b[(p + 62) % 80] ^ g->b[(p + 51) % 80] ^ g->b[(p + 38) % 80] ^
             g->b[(p + 23) % 80] ^ g->b[(p + 13) % 80] ^ g->b[p];
    g->b[p] = (uint8_t)nb;
    g->pos = (p + 1) % 80;
    return nb;
}

static void grain_init(grain_t *g, int t, int rp) {
    int k = 0;
    struct { unsigned v; int w; } fields[] = {{1, 2}, {1, 4}, {255, 12}, {(unsigned)t, 12},
                                              {R_F, 10}, {(unsigned)rp, 10}};
    for (int f = 0; f < 6; f++)
        for (int i = fields[f].w - 1; i >= 0; i--) g->b[k++] = (fields[f].v >> i) & 1;
    while (k < 80) g->b[k++] = 1;
    g->pos = 0;
    for (int i = 0; i < 160; i++) grain_step(g);
}

static int grain_bit(grain_t *g) {
    for (;;) {
        int a = grain_step(g);
        int b = grain_step(g);
        if (a) return b;
    }
}

/* 255 bits MSB first, redrawn while >= r. */
static void grain_field(grain_t *g, fr_t *out) {
    for (;;) {
        uint64_t l[4] = {0, 0, 0, 0};
        for (int i = 254; i >= 0; i--)
            if (grain_bit(g)) l[i / 64] |= 1ULL << (i % 64);
        uint8_t bytes[32];
        for (int i = 0; i < 32; i++) bytes[i] = (uint8_t)(l[i / 8] >> (8 * (i % 8)));
        if (fr_from_bytes(out, bytes) == 0) return;
    }
}

/* ---- small dense matrix helpers over Fr (n <= POSEIDON_MAX_T) ---- */
typedef fr_t mat_t[POSEIDON_MAX_T][POSEIDON_MAX_T];

static void mat_mul(mat_t o, mat_t a, mat_t b, int n) {
    mat_t r;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            fr_t acc = FR_ZERO, x;
            for (int k = 0; k < n; k++) { fr_mul(&x, &a[i][k], &b[k][j]); fr_add(&acc, &acc, &x); }
            r[i][j] = acc;
        }
    memcpy(o, r, sizeof r);
}

/* Gauss-Jordan inverse; returns -1 if singular. */
static int mat_inv(mat_t o, mat_t a, int n) {
    mat_t m, inv;
    memcpy(m, a, sizeof m);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) inv[i][j] = i == j ? FR_ONE : FR_ZERO;
    for (int c = 0; c < n; c++) {
        int piv = -1;
        for (int r = c; r < n; r++) if (!fr_is_zero(&m[r][c])) { piv = r; break; }
        if (piv < 0) return -1;
        if (piv != c) {
            for (int j = 0; j < n; j++) {
                fr_t x = m[c][j]; m[c][j] = m[piv][j]; m[piv][j] = x;
                x = inv[c][j]; inv[c][j] = inv[piv][j]; inv[piv][j] = x;
            }
        }
        fr_t pinv;
        fr_inv(&pinv, &m[c][c]);
        for (int j = 0; j < n; j++) { fr_mul(&m[c][j], &m[c][j], &pinv); fr_mul(&inv[c][j], &inv[c][j], &pinv); }
        for (int r = 0; r < n; r++) {
            if (r == c || fr_is_zero(&m[r][c])) continue;
            fr_t f = m[r][c], x;
            for (int j = 0; j < n; j++) {
                fr_mul(&x, &f, &m[c][j]); fr_sub(&m[r][j], &m[r][j], &x);
                fr_mul(&x, &f, &inv[c][j]); fr_sub(&inv[r][j], &inv[r][j], &x);
            }
        }
    }
    memcpy(o, inv, sizeof inv);
    return 0;
}

static void mat_vec(fr_t *o, mat_t m, const fr_t *v, int n) {
    fr_t r[POSEIDON_MAX_T];
    for (int i = 0; i < n; i++) {
        fr_t acc = FR_ZERO, x;
        for (int k = 0; k < n; k++) { fr_mul(&x, &m[i][k], &v[k]); fr_add(&acc, &acc, &x); }
        r[i] = acc;
    }
    memcpy(o, r, sizeof(fr_t) * n);
}

static int init_one(poseidon_params *p, int arity, int rp) {
    int t = arity + 1;
    p->arity = arity; p->t = t; p->rp = rp;
    fr_from_u64(&p->tag, (1ULL << arity) - 1);
    int nrc = (R_F + rp) * t;
    p->rc = malloc(sizeof(fr_t) * nrc);
    p->frc = malloc(sizeof(fr_t) * R_F * t);
    p->prc = malloc(sizeof(fr_t) * rp);
    p->sp = malloc(sizeof(fr_t) * rp * (2 * t - 1));
    if (!p->rc || !p->frc || !p->prc || !p->sp) return -1;
    grain_t g;
    grain_init(&g, t, rp);
    for (int i = 0; i < nrc; i++) grain_field(&g, &p->rc[i]);
    for (int i = 0; i < t; i++)
        for (int j = 0; j < t; j++) {
            fr_t x;
            fr_from_u64(&x, (uint64_t)(i + j + t));
            fr_inv(&p->mds[i][j], &x);
        }

    /* 1. constants: opening full rounds unchanged; partial rounds keep s[0]'s constant and
     *    carry the rest forward through the MDS matrix. */
    int half = R_F / 2;
    memcpy(p->frc, p->rc, sizeof(fr_t) * half * t);
    fr_t carry[POSEIDON_MAX_T];
    for (int i = 0; i < t; i++) carry[i] = FR_ZERO;
    for (int k = 0; k < rp; k++) {
        fr_t c[POSEIDON_MAX_T];
        for (int i = 0; i < t; i++) fr_add(&c[i], &p->rc[(half + k) * t + i], &carry[i]);
        p->prc[k] = c[0];
        c[0] = FR_ZERO;
        mat_vec(carry, p->mds, c, t);
    }
    for (int i = 0; i < t; i++) fr_add(&p->frc[half * t + i], &p->rc[(half + rp) * t + i], &carry[i]);
    memcpy(p->frc + (half + 1) * t, p->rc + (half + rp + 1) * t, sizeof(fr_t) * (half - 1) * t);

    /* 2. matrices, walking backward from the last partial round. */
    mat_t q;
    memcpy(q, p->mds, sizeof q);
    for (int k = rp - 1; k >= 0; k--) {
        mat_t hat, hinv, d;
        for (int i = 1; i < t; i++) for (int j = 1; j < t; j++) hat[i - 1][j - 1] = q[i][j];
        if (mat_inv(hinv, hat, t - 1) != 0) return -1;
        fr_t *s = p->sp + (size_t)k * (2 * t - 1);
        s[0] = q[0][0];
        for (int j = 0; j < t - 1; j++) {           /* w = q[0][1..] * hat^-1 */
            fr_t acc = FR_ZERO, x;
            for (int i = 0; i < t - 1; i++) { fr_mul(&x, &q[0][i + 1], &hinv[i][j]); fr_add(&acc, &acc, &x); }
            s[1 + j] = acc;
        }
        for (int i = 1; i < t; i++) s[t + i - 1] = q[i][0];   /* v */
        /* D = diag(1, hat) moves into the previous matrix: q_prev = D * M */
        for (int i = 0; i < t; i++) for (int j = 0; j < t; j++) d[i][j] = FR_ZERO;
        d[0][0] = FR_ONE;
        for (int i = 1; i < t; i++) for (int j = 1; j < t; j++) d[i][j] = hat[i - 1][j - 1];
        mat_mul(q, d, p->mds, t);
    }
    memcpy(p->pre, q, sizeof q);
    return 0;
}

static void init_all(void) {
    INIT_OK = 1;
    for (int i = 0; i < N_ARITIES; i++)
        if (init_one(&PARAMS[i], ARITIES[i], PARTIAL[i]) != 0) INIT_OK = 0;
}

const poseidon_params *poseidon_get(int arity) {
    pthread_once(&ONCE, init_all);
    if (!INIT_OK) return NULL;
    for (int i = 0; i < N_ARITIES; i++)
        if (ARITIES[i] == arity) return &PARAMS[i];
    return NULL;
}

int poseidon_arity(const poseidon_params *p) { return p->arity; }
int poseidon_partial_rounds(const poseidon_params *p) { return p->rp; }
int poseidon_round_constant_count(const poseidon_params *p) { return (R_F + p->rp) * p->t; }
const fr_t *poseidon_round_constant(const poseidon_params *p, int i) { return &p->rc[i]; }
const fr_t *poseidon_mds(const poseidon_params *p, int i, int j) { return &p->mds[i][j]; }

void poseidon_hash_reference(const poseidon_params *p, const fr_t *in, fr_t *out) {
    int t = p->t;
    fr_t s[POSEIDON_MAX_T];
    s[0] = p->tag;
    memcpy(s + 1, in, sizeof(fr_t) * p->arity);
    int off = 0;
    for (int r = 0; r < R_F + p->rp; r++) {
        int full = r < R_F / 2 || r >= R_F / 2 + p->rp;
        for (int i = 0; i < t; i++) fr_add(&s[i], &s[i], &p->rc[off + i]);
        off += t;
        if (full) for (int i = 0; i < t; i++) fr_pow5(&s[i], &s[i]);
        else fr_pow5(&s[0], &s[0]);
        mat_vec(s, (fr_t (*)[POSEIDON_MAX_T])p->mds, s, t);
    }
    *out = s[1];
}

static inline void dense(fr_t *s, const fr_t (*m)[POSEIDON_MAX_T], int t) {
    fr_t r[POSEIDON_MAX_T], x;
    for (int i = 0; i < t; i++) {
        fr_mul(&r[i], &m[i][0], &s[0]);
        for (int k = 1; k < t; k++) { fr_mul(&x, &m[i][k], &s[k]); fr_add(&r[i], &r[i], &x); }
    }
    memcpy(s, r, sizeof(fr_t) * t);
}

void poseidon_hash(const poseidon_params *p, const fr_t *in, fr_t *out) {
    const int t = p->t, half = R_F / 2;
    fr_t s[POSEIDON_MAX_T], x;
    s[0] = p->tag;
    memcpy(s + 1, in, sizeof(fr_t) * p->arity);
    const fr_t *c = p->frc;
    for (int r = 0; r < half; r++, c += t) {
        for (int i = 0; i < t; i++) { fr_add(&s[i], &s[i], &c[i]); fr_pow5(&s[i], &s[i]); }
        dense(s, r == half - 1 ? (const fr_t (*)[POSEIDON_MAX_T])p->pre
                               : (const fr_t (*)[POSEIDON_MAX_T])p->mds, t);
    }
    const fr_t *sp = p->sp;
    for (int k = 0; k < p->rp; k++, sp += 2 * t - 1) {
        fr_add(&s[0], &s[0], &p->prc[k]);
        fr_pow5(&s[0], &s[0]);
        fr_t s0 = s[0], n0;
        fr_mul(&n0, &sp[0], &s0);
        for (int i = 1; i < t; i++) {
            fr_mul(&x, &sp[i], &s[i]); fr_add(&n0, &n0, &x);
            fr_mul(&x, &sp[t + i - 1], &s0); fr_add(&s[i], &s[i], &x);
        }
        s[0] = n0;
    }
    for (int r = 0; r < half; r++, c += t) {
        for (int i = 0; i < t; i++) { fr_add(&s[i], &s[i], &c[i]); fr_pow5(&s[i], &s[i]); }
        if (r < half - 1) {
            dense(s, (const fr_t (*)[POSEIDON_MAX_T])p->mds, t);
        } else {                                 /* only s[1] of the last matrix is needed */
            fr_t acc;
            fr_mul(&acc, &p->mds[1][0], &s[0]);
            for (int k = 1; k < t; k++) { fr_mul(&x, &p->mds[1][k], &s[k]); fr_add(&acc, &acc, &x); }
            s[1] = acc;
        }
    }
    *out = s[1];
}

/* ---- public entry point ---- */
#include "sealcore.h"
#include "common.h"

sc_status sc_poseidon_hash(uint32_t arity, const uint8_t *inputs, size_t inputs_len, uint8_t out[32]) {
    if (!inputs || !out) return sc_fail(SC_ERR_ARG, "poseidon: null argument");
    const poseidon_params *p = poseidon_get((int)arity);
    if (!p) return sc_fail(SC_ERR_ARG, "poseidon: unsupported arity %u (2, 4, 8, 11 or 16)", arity);
    if (inputs_len != (size_t)arity * 32)
        return sc_fail(SC_ERR_ARG, "poseidon: %zu input bytes for arity %u, expected %u", inputs_len,
                       arity, arity * 32);
    fr_t in[POSEIDON_MAX_T], o;
    for (uint32_t i = 0; i < arity; i++)
        if (fr_from_bytes(&in[i], inputs + 32 * i) != 0)
            return sc_fail(SC_ERR_ARG, "poseidon: input %u is not a canonical Fr element", i);
    poseidon_hash(p, in, &o);
    fr_to_bytes(out, &o);
    return SC_OK;
}

#include <time.h>
static double mono_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

sc_status sc_poseidon_bench(uint32_t arity, double seconds, double *hashes_per_second) {
    if (!hashes_per_second) return sc_fail(SC_ERR_ARG, "poseidon bench: null argument");
    if (!(seconds > 0 && seconds <= 600)) return sc_fail(SC_ERR_ARG, "poseidon bench: seconds must be in (0, 600]");
    const poseidon_params *p = poseidon_get((int)arity);
    if (!p) return sc_fail(SC_ERR_ARG, "poseidon: unsupported arity %u (2, 4, 8, 11 or 16)", arity);
    fr_t in[POSEIDON_MAX_T], o;
    for (uint32_t i = 0; i < arity; i++) fr_from_u64(&in[i], 1000 + i);
    uint64_t n = 0;
    double t0 = mono_s(), t;
    do {
        for (int k = 0; k < 64; k++) {   /* chained, so nothing can be skipped */
            poseidon_hash(p, in, &o);
            in[n % arity] = o;
            n++;
        }
        t = mono_s() - t0;
    } while (t < seconds);
    *hashes_per_second = (double)n / t;
    return SC_OK;
}
