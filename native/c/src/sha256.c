#include "sha256.h"
#include "sealcore.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

const uint32_t SHA256_IV[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

static const uint32_t K[64] __attribute__((aligned(64))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

/* The round constants, shared with the SHA-NI implementation (sha256_shani.c). */
const uint32_t *const SHA256_K = K;

static inline uint32_t ror(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
static inline uint32_t load_be32(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

void sha256_compress_portable(uint32_t state[8], const uint8_t *blocks, size_t nblocks) {
    uint32_t w[64];
    for (size_t b = 0; b < nblocks; b++, blocks += 64) {
        for (int i = 0; i < 16; i++) w[i] = load_be32(blocks + 4 * i);
        for (int i = 16; i < 64; i++) {
            uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        uint32_t a = state[0], bb = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (int i = 0; i < 64; i++) {
            uint32_t t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
            uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c));
            h = g; g = f; f = e; e = d + t1;
            d = c; c = bb; bb = a; a = t1 + t2;
        }
        state[0] += a; state[1] += bb; state[2] += c; state[3] += d;
        state[4] += e; state[5] += f; state[6] += g; state[7] += h;
    }
}

#if defined(__x86_64__)
static int cpu_has_shani(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 19)) || !(c & (1u << 9))) return 0; /* SSE4.1, SSSE3 */
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b >> 29) & 1;
}
#endif

static void (*compress_impl)(uint32_t *, const uint8_t *, size_t) = sha256_compress_portable;
static int impl_shani;
static pthread_once_t impl_once = PTHREAD_ONCE_INIT;

static void choose_impl(void) {
#if defined(__x86_64__)
    const char *off = getenv("SEALCORE_NO_SHANI");
    if (cpu_has_shani() && !(off && off[0] == '1')) {
        compress_impl = sha256_compress_shani;
        impl_shani = 1;
    }
#endif
}

__attribute__((constructor)) static void sha256_select_at_load(void) { pthread_once(&impl_once, choose_impl); }

void sha256_compress(uint32_t state[8], const uint8_t *blocks, size_t nblocks) {
    compress_impl(state, blocks, nblocks);
}

int sha256_uses_shani(void) {
    pthread_once(&impl_once, choose_impl);
    return impl_shani;
}

const char *sc_sha256_impl(void) { return sha256_uses_shani() ? "sha-ni" : "portable"; }

void sha256_state_bytes(const uint32_t state[8], uint8_t out[32]) {
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(state[i] >> 24);
        out[4 * i + 1] = (uint8_t)(state[i] >> 16);
        out[4 * i + 2] = (uint8_t)(state[i] >> 8);
        out[4 * i + 3] = (uint8_t)state[i];
    }
}

void sha256_init(sha256_ctx *c) {
    memcpy(c->state, SHA256_IV, sizeof c->state);
    c->buffered = 0;
    c->total = 0;
}

void sha256_update(sha256_ctx *c, const void *data, size_t len) {
    const uint8_t *p = data;
    c->total += len;
    if (c->buffered) {
        size_t take = 64 - c->buffered < len ? 64 - c->buffered : len;
        memcpy(c->buf + c->buffered, p, take);
        c->buffered += take;
        p += take;
        len -= take;
        if (c->buffered < 64) return;
        sha256_compress(c->state, c->buf, 1);
        c->buffered = 0;
    }
    if (len >= 64) {
        sha256_compress(c->state, p, len / 64);
        p += len & ~(size_t)63;
        len &= 63;
    }
    memcpy(c->buf, p, len);
    c->buffered = len;
}

void sha256_final(sha256_ctx *c, uint8_t out[32]) {
    uint64_t bits = c->total * 8;
    uint8_t pad[128] = {0x80};
    size_t padlen = (c->buffered < 56 ? 56 : 120) - c->buffered;
    for (int i = 0; i < 8; i++) pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
    uint64_t total = c->total;
    sha256_update(c, pad, padlen + 8);
    c->total = total;
    sha256_state_bytes(c->state, out);
}

void sha256_digest(const uint8_t *msg, size_t len, uint8_t out[32]) {
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, msg, len);
    sha256_final(&c, out);
}

void sha256_trunc254_pair(const uint8_t l[32], const uint8_t r[32], uint8_t out[32]) {
    static const uint8_t pad_block[64] = {[0] = 0x80, [62] = 0x02}; /* length 512 bits */
    uint8_t block[64];
    uint32_t st[8];
    memcpy(block, l, 32);
    memcpy(block + 32, r, 32);
    memcpy(st, SHA256_IV, sizeof st);
    sha256_compress(st, block, 1);
    sha256_compress(st, pad_block, 1);
    sha256_state_bytes(st, out);
    out[31] &= 0x3f;
}
