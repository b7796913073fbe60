/* SHA-256 block compression with the SHA-NI instructions. This is the only file compiled with
 * -msha -msse4.1 (see the Makefile): nothing here runs unless sha256.c found SHA-NI, SSSE3 and
 * SSE4.1 with cpuid at load time, so the library loads and runs on CPUs without them. */
#include "sha256.h"
#if defined(__x86_64__)
#include <immintrin.h>

/* Four rounds with the SHA-NI instructions: msg holds W[i..i+3] + K[i..i+3]. */
#define SHANI_4ROUNDS(s0, s1, wk)                          \
    do {                                                   \
        s1 = _mm_sha256rnds2_epu32(s1, s0, wk);            \
        s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(wk, 0x0E)); \
    } while (0)

void sha256_compress_shani(uint32_t state[8], const uint8_t *blocks, size_t nblocks) {
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
    const __m128i *k = (const __m128i *)SHA256_K;
    for (size_t b = 0; b < nblocks; b++, blocks += 64) {
        __m128i save0 = abef, save1 = cdgh;
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 0)), bswap);
        __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 16)), bswap);
        __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 32)), bswap);
        __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 48)), bswap);
        SHANI_4ROUNDS(abef, cdgh, _mm_add_epi32(w0, _mm_load_si128(k + 0)));
        SHANI_4ROUNDS(abef, cdgh, _mm_add_epi32(w1, _mm_load_si128(k + 1)));
        SHANI_4ROUNDS(abef, cdgh, _mm_add_epi32(w2, _mm_load_si128(k + 2)));
        SHANI_4ROUNDS(abef, cdgh, _mm_add_epi32(w3, _mm_load_si128(k + 3)));
#pragma GCC unroll 12
        for (int g = 4; g < 16; g++) {
            __m128i wn = _mm_sha256msg2_epu32(
                _mm_add_epi32(_mm_sha256msg1_epu32(w0, w1), _mm_alignr_epi8(w3, w2, 4)), w3);
            SHANI_4ROUNDS(abef, cdgh, _mm_add_epi32(wn, _mm_load_si128(k + g)));
            w0 = w1; w1 = w2; w2 = w3; w3 = wn;
        }
        abef = _mm_add_epi32(abef, save0);
        cdgh = _mm_add_epi32(cdgh, save1);
    }
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

#endif
