/* Tiny helpers shared by the C test programs of the PreCommit2/Commit part (fr, poseidon,
 * seal): CHECK counting and hex parsing. Each program ends with "N passed, N failed". */
#ifndef SEALCORE_CHECK_UTIL_H
#define SEALCORE_CHECK_UTIL_H
#include <stdio.h>
#include <string.h>
#include <stdint.h>

static int passed, failed;
#define CHECK(name, cond) do { if (cond) passed++; else { failed++; fprintf(stderr, "FAIL %s (%s:%d)\n", (name), __FILE__, __LINE__); } } while (0)
#define DONE() do { printf("%d passed, %d failed\n", passed, failed); return failed ? 1 : 0; } while (0)

static inline void unhex(uint8_t *out, const char *hex, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}
static inline void tohex(char *out, const uint8_t *in, size_t n) {
    for (size_t i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", in[i]);
}
static inline int eqhex(const uint8_t *b, const char *hex) {
    char h[2 * 64 + 1];
    size_t n = strlen(hex) / 2;
    tohex(h, b, n);
    if (strcmp(h, hex) != 0) { fprintf(stderr, "  got %s\n  want %s\n", h, hex); return 0; }
    return 1;
}
#endif
