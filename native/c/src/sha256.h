/* SHA-256 for libsealcore: the block compression (SHA-NI when the CPU has it, portable C
 * otherwise, chosen once at run time), whole-message hashing and the Filecoin trunc254 node
 * hash. Internal header: shared by CommP/CommD, the parent graph, SDR labelling and part 2. */
#ifndef SEALCORE_SHA256_H
#define SEALCORE_SHA256_H
#include <stddef.h>
#include <stdint.h>

extern const uint32_t SHA256_IV[8];

/* Runs the compression function over nblocks consecutive 64-byte blocks, updating state. */
void sha256_compress(uint32_t state[8], const uint8_t *blocks, size_t nblocks);
/* The portable implementation, always available (tests compare the two). */
void sha256_compress_portable(uint32_t state[8], const uint8_t *blocks, size_t nblocks);
#if defined(__x86_64__)
/* The SHA-NI implementation (sha256_shani.c); only called when the CPU has SHA-NI. */
void sha256_compress_shani(uint32_t state[8], const uint8_t *blocks, size_t nblocks);
extern const uint32_t *const SHA256_K; /* the 64 round constants, 64-byte aligned */
#endif
/* 1 when the SHA-NI implementation is in use. SEALCORE_NO_SHANI=1 in the environment forces
 * the portable one. */
int sha256_uses_shani(void);
/* The state as the 32-byte big-endian digest. */
void sha256_state_bytes(const uint32_t state[8], uint8_t out[32]);
/* Complete SHA-256 of a message held in memory. */
void sha256_digest(const uint8_t *msg, size_t len, uint8_t out[32]);
/* Filecoin node hash: SHA256(l || r) with byte 31 &= 0x3f. out may alias l or r. */
void sha256_trunc254_pair(const uint8_t l[32], const uint8_t r[32], uint8_t out[32]);

/* Incremental hashing for long streams (files). */
typedef struct {
    uint32_t state[8];
    uint8_t buf[64];
    size_t buffered;
    uint64_t total;
} sha256_ctx;
void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
void sha256_final(sha256_ctx *c, uint8_t out[32]);

#endif
