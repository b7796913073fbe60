#include "sealcore.h"
#include "sealcore_sdr.h"
#include "common.h"
#include "proofinfo.h"
#include "sha256.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const uint64_t SIZES[5] = {2048ull, 8ull << 20, 512ull << 20, 32ull << 30, 64ull << 30};

int proof_lookup(uint32_t proof, proof_info *pi) {
    if (proof > 19)
        return sc_fail(SC_ERR_ARG, "unknown registered seal proof %u (supported: 0..19)", proof);
    memset(pi, 0, sizeof *pi);
    pi->id = proof;
    pi->sector_size = SIZES[proof % 5];
    pi->nodes = pi->sector_size / 32;
    pi->layers = pi->sector_size >= (32ull << 30) ? 11 : 2;
    pi->v1_1 = proof >= 5;
    for (int i = 0; i < 8; i++) pi->porep_id[i] = (uint8_t)((uint64_t)proof >> (8 * i));
    return SC_OK;
}

sc_status sc_proof_info(uint32_t proof, uint64_t *sector_size, uint32_t *layers, uint32_t *v1_1) {
    proof_info pi;
    int rc = proof_lookup(proof, &pi);
    if (rc) return rc;
    if (sector_size) *sector_size = pi.sector_size;
    if (layers) *layers = pi.layers;
    if (v1_1) *v1_1 = (uint32_t)pi.v1_1;
    return SC_OK;
}

sc_status sc_porep_id(uint32_t proof, uint8_t out[32]) {
    proof_info pi;
    int rc = proof_lookup(proof, &pi);
    if (rc) return rc;
    if (!out) return sc_fail(SC_ERR_ARG, "porep_id output is NULL");
    memcpy(out, pi.porep_id, 32);
    return SC_OK;
}

/* ---- fr32 ---- */

static void pad_chunk(const uint8_t *in, uint8_t *out) {
    for (int j = 0; j < 4; j++) {
        for (int i = 0; i < 32; i++) {
            unsigned bit = 254u * j + 8u * i, byte = bit >> 3, sh = bit & 7;
            unsigned v = byte < 127 ? in[byte] >> sh : 0;
            if (sh && byte + 1 < 127) v |= (unsigned)in[byte + 1] << (8 - sh);
            out[32 * j + i] = (uint8_t)v;
        }
        out[32 * j + 31] &= 0x3f;
    }
}

static void unpad_chunk(const uint8_t *in, uint8_t *out) {
    memset(out, 0, 127);
    for (int j = 0; j < 4; j++) {
        for (int i = 0; i < 32; i++) {
            unsigned v = in[32 * j + i] & (i == 31 ? 0x3f : 0xff);
            unsigned bit = 254u * j + 8u * i, byte = bit >> 3, sh = bit & 7;
            if (byte < 127) out[byte] |= (uint8_t)(v << sh);
            if (sh && byte + 1 < 127) out[byte + 1] |= (uint8_t)(v >> (8 - sh));
        }
    }
}

static void fr32_pad_all(const uint8_t *in, uint8_t *out, uint64_t chunks) {
    for (uint64_t c = 0; c < chunks; c++) pad_chunk(in + 127 * c, out + 128 * c);
}

sc_status sc_fr32_pad(const uint8_t *in, uint64_t in_len, uint8_t *out, uint64_t out_len) {
    if (!in || !out) return sc_fail(SC_ERR_ARG, "fr32 pad: NULL buffer");
    if (in_len % 127) return sc_fail(SC_ERR_ARG, "fr32 pad: input length %llu is not a multiple of 127", (unsigned long long)in_len);
    if (out_len != in_len / 127 * 128)
        return sc_fail(SC_ERR_ARG, "fr32 pad: output length %llu, need %llu", (unsigned long long)out_len, (unsigned long long)(in_len / 127 * 128));
    fr32_pad_all(in, out, in_len / 127);
    return SC_OK;
}

sc_status sc_fr32_unpad(const uint8_t *in, uint64_t in_len, uint8_t *out, uint64_t out_len) {
    if (!in || !out) return sc_fail(SC_ERR_ARG, "fr32 unpad: NULL buffer");
    if (in_len % 128) return sc_fail(SC_ERR_ARG, "fr32 unpad: input length %llu is not a multiple of 128", (unsigned long long)in_len);
    if (out_len != in_len / 128 * 127)
        return sc_fail(SC_ERR_ARG, "fr32 unpad: output length %llu, need %llu", (unsigned long long)out_len, (unsigned long long)(in_len / 128 * 127));
    for (uint64_t c = 0; c < in_len / 128; c++) unpad_chunk(in + 128 * c, out + 127 * c);
    return SC_OK;
}

/* ---- zero commitments, CommP ---- */

#define ZERO_LEVELS 37 /* 32 B .. 2 TiB */
static uint8_t zero_comm[ZERO_LEVELS][32];
static pthread_once_t zero_once = PTHREAD_ONCE_INIT;
static void zero_init(void) {
    memset(zero_comm[0], 0, 32);
    for (int i = 1; i < ZERO_LEVELS; i++) sha256_trunc254_pair(zero_comm[i - 1], zero_comm[i - 1], zero_comm[i]);
}
static const uint8_t *zero_at_level(int level) {
    pthread_once(&zero_once, zero_init);
    return zero_comm[level];
}

static int is_pow2(uint64_t x) { return x && !(x & (x - 1)); }
static int log2u(uint64_t x) { return 63 - __builtin_clzll(x); }

sc_status sc_zero_commitment(uint64_t padded_size, uint8_t out[32]) {
    if (!out) return sc_fail(SC_ERR_ARG, "zero commitment: NULL output");
    if (!is_pow2(padded_size) || padded_size < 32 || log2u(padded_size) - 5 >= ZERO_LEVELS)
        return sc_fail(SC_ERR_ARG, "zero commitment: size %llu is not a power of two from 32 B to 2 TiB", (unsigned long long)padded_size);
    memcpy(out, zero_at_level(log2u(padded_size) - 5), 32);
    return SC_OK;
}

/* Stack of pending subtree roots, one slot per level (a binary counter). */
typedef struct {
    uint8_t node[64][32];
    uint64_t have;
} merkle_stack;

static void stack_push(merkle_stack *s, int level, const uint8_t in[32]) {
    uint8_t cur[32];
    memcpy(cur, in, 32);
    while (s->have & (1ull << level)) {
        sha256_trunc254_pair(s->node[level], cur, cur);
        s->have &= ~(1ull << level);
        level++;
    }
    memcpy(s->node[level], cur, 32);
    s->have |= 1ull << level;
}

/* Root of count (power of two) 32-byte nodes, reduced in place. */
static void subtree_root(uint8_t *nodes, uint64_t count, uint8_t out[32]) {
    while (count > 1) {
        for (uint64_t i = 0; i < count / 2; i++) sha256_trunc254_pair(nodes + 64 * i, nodes + 64 * i + 32, nodes + 32 * i);
        count /= 2;
    }
    memcpy(out, nodes, 32);
}

sc_status sc_commp_padded(const uint8_t *padded, uint64_t len, uint8_t out[32]) {
    if (!padded || !out) return sc_fail(SC_ERR_ARG, "CommP: NULL buffer");
    if (!is_pow2(len) || len < 128) return sc_fail(SC_ERR_ARG, "CommP: padded length %llu is not a power of two >= 128", (unsigned long long)len);
    const uint64_t chunk = 1 << 16;
    uint8_t *tmp = malloc(len < chunk ? len : chunk);
    if (!tmp) return sc_fail(SC_ERR_NOMEM, "CommP: out of memory");
    merkle_stack st = {.have = 0};
    uint8_t root[32];
    for (uint64_t off = 0; off < len; off += chunk) {
        uint64_t n = len - off < chunk ? len - off : chunk;
        memcpy(tmp, padded + off, n);
        subtree_root(tmp, n / 32, root);
        stack_push(&st, log2u(n / 32), root);
    }
    free(tmp);
    memcpy(out, st.node[log2u(len / 32)], 32);
    return SC_OK;
}

static int valid_unpadded(uint64_t len) { return len >= 127 && len % 127 == 0 && is_pow2(len / 127); }

sc_status sc_commp_unpadded(const uint8_t *data, uint64_t len, uint8_t out[32]) {
    if (!data || !out) return sc_fail(SC_ERR_ARG, "CommP: NULL buffer");
    if (!valid_unpadded(len)) return sc_fail(SC_ERR_ARG, "CommP: unpadded size %llu is not 127 * 2^k", (unsigned long long)len);
    const uint64_t chunk_in = 127 << 9; /* 64 KiB padded */
    uint8_t *tmp = malloc(len / 127 * 128 < (128 << 9) ? len / 127 * 128 : (128 << 9));
    if (!tmp) return sc_fail(SC_ERR_NOMEM, "CommP: out of memory");
    merkle_stack st = {.have = 0};
    uint8_t root[32];
    for (uint64_t off = 0; off < len; off += chunk_in) {
        uint64_t n = len - off < chunk_in ? len - off : chunk_in;
        fr32_pad_all(data + off, tmp, n / 127);
        subtree_root(tmp, n / 127 * 4, root);
        stack_push(&st, log2u(n / 127 * 4), root);
    }
    free(tmp);
    memcpy(out, st.node[log2u(len / 127 * 4)], 32);
    return SC_OK;
}

/* ---- streamed pieces ---- */

#define IO_CHUNK_NODES (1u << 15) /* 1 MiB padded per step */

static int read_full(int fd, uint8_t *buf, size_t len, const char *what, const char *path) {
    size_t got = 0;
    while (got < len) {
        ssize_t r = read(fd, buf + got, len - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return sc_fail(SC_ERR_IO, "%s %s: read failed: %s", what, path, strerror(errno));
        if (r == 0) return sc_fail(SC_ERR_IO, "%s %s: file is short (%zu bytes missing)", what, path, len - got);
        got += (size_t)r;
    }
    return SC_OK;
}

static int write_full(int fd, const uint8_t *buf, size_t len, const char *what, const char *path) {
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, buf + done, len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return sc_fail(SC_ERR_IO, "%s %s: write failed: %s", what, path, strerror(errno));
        done += (size_t)w;
    }
    return SC_OK;
}

/* Reads (fd >= 0) or zero-fills unpadded bytes, pads, optionally writes them to out_fd, and
 * hashes them into a tree. */
static int stream_piece(int in_fd, const char *in_path, uint64_t unpadded, int out_fd,
                        const char *out_path, uint8_t commp[32]) {
    uint64_t chunks_total = unpadded / 127;
    uint64_t step = IO_CHUNK_NODES / 4; /* fr32 chunks per step */
    if (step > chunks_total) step = chunks_total;
    uint8_t *in = calloc(step, 127), *out = malloc(step * 128);
    if (!in || !out) {
        free(in);
        free(out);
        return sc_fail(SC_ERR_NOMEM, "AddPiece: out of memory");
    }
    merkle_stack st = {.have = 0};
    uint8_t root[32];
    int rc = SC_OK;
    for (uint64_t c = 0; c < chunks_total && rc == SC_OK; c += step) {
        if (in_fd >= 0) rc = read_full(in_fd, in, step * 127, "piece", in_path);
        if (rc) break;
        fr32_pad_all(in, out, step);
        if (out_fd >= 0) rc = write_full(out_fd, out, step * 128, "staged sector", out_path);
        if (rc) break;
        subtree_root(out, step * 4, root);
        stack_push(&st, log2u(step * 4), root);
    }
    free(in);
    free(out);
    if (rc == SC_OK) memcpy(commp, st.node[log2u(chunks_total * 4)], 32);
    return rc;
}

sc_status sc_commp_file(const char *path, uint64_t unpadded_size, uint8_t out[32]) {
    if (!out) return sc_fail(SC_ERR_ARG, "CommP: NULL argument");
    int rc = sc_check_path("CommP: piece", path);
    if (rc) return rc;
    if (!valid_unpadded(unpadded_size)) return sc_fail(SC_ERR_ARG, "CommP: unpadded size %llu is not 127 * 2^k", (unsigned long long)unpadded_size);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return sc_fail(SC_ERR_IO, "CommP: cannot open %s: %s", path, strerror(errno));
    rc = stream_piece(fd, path, unpadded_size, -1, NULL, out);
    (void)close(fd); /* read-only */
    return rc;
}

sc_status sc_add_piece(const char *piece_path, uint64_t unpadded_size, const char *staged_path,
                 uint64_t sector_size, uint8_t commp_out[32], uint64_t *offset_out) {
    if (!commp_out) return sc_fail(SC_ERR_ARG, "AddPiece: NULL argument");
    int check = sc_check_path("AddPiece: staged sector", staged_path);
    if (!check && piece_path) check = sc_check_path("AddPiece: piece", piece_path);
    if (check) return check;
    if (!valid_unpadded(unpadded_size)) return sc_fail(SC_ERR_ARG, "AddPiece: unpadded piece size %llu is not 127 * 2^k", (unsigned long long)unpadded_size);
    if (!is_pow2(sector_size) || sector_size < 128) return sc_fail(SC_ERR_ARG, "AddPiece: sector size %llu is not a power of two", (unsigned long long)sector_size);
    int in_fd = -1;
    if (piece_path) {
        in_fd = open(piece_path, O_RDONLY | O_CLOEXEC);
        if (in_fd < 0) return sc_fail(SC_ERR_IO, "AddPiece: cannot open piece %s: %s", piece_path, strerror(errno));
        struct stat sb;
        if (fstat(in_fd, &sb) == 0 && S_ISREG(sb.st_mode) && (uint64_t)sb.st_size < unpadded_size) {
            close(in_fd);
            return sc_fail(SC_ERR_IO, "AddPiece: piece %s has %lld bytes, need %llu", piece_path, (long long)sb.st_size, (unsigned long long)unpadded_size);
        }
    }
    int fd = open(staged_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (in_fd >= 0) close(in_fd);
        return sc_fail(SC_ERR_IO, "AddPiece: cannot open staged sector %s: %s", staged_path, strerror(errno));
    }
    struct stat sb;
    int rc = SC_OK;
    if (fstat(fd, &sb) != 0) rc = sc_fail(SC_ERR_IO, "AddPiece: cannot stat %s: %s", staged_path, strerror(errno));
    uint64_t orig = rc ? 0 : (uint64_t)sb.st_size;
    int can_restore = !rc && orig % 128 == 0;
    if (!rc && orig % 128) rc = sc_fail(SC_ERR_ARG, "AddPiece: staged sector %s has %llu bytes, not a multiple of 128", staged_path, (unsigned long long)orig);
    uint64_t written = orig / 128 * 127;
    uint64_t left = (unpadded_size - written % unpadded_size) % unpadded_size;
    uint64_t start = orig + left / 127 * 128, padded = unpadded_size / 127 * 128;
    if (!rc && start + padded > sector_size)
        rc = sc_fail(SC_ERR_ARG, "AddPiece: piece of %llu padded bytes at offset %llu does not fit the %llu-byte sector", (unsigned long long)padded, (unsigned long long)start, (unsigned long long)sector_size);
    if (!rc && ftruncate(fd, (off_t)start) != 0) rc = sc_fail(SC_ERR_IO, "AddPiece: cannot extend %s: %s", staged_path, strerror(errno));
    if (!rc && lseek(fd, (off_t)start, SEEK_SET) < 0) rc = sc_fail(SC_ERR_IO, "AddPiece: seek in %s: %s", staged_path, strerror(errno));
    if (!rc) rc = stream_piece(in_fd, piece_path, unpadded_size, fd, staged_path, commp_out);
    if (!rc && fdatasync(fd) != 0) rc = sc_fail(SC_ERR_IO, "AddPiece: sync %s: %s", staged_path, strerror(errno));
    if (rc && can_restore && ftruncate(fd, (off_t)orig) != 0) { /* keep the first error */ }
    if (close(fd) != 0 && !rc) rc = sc_fail(SC_ERR_IO, "AddPiece: close %s: %s", staged_path, strerror(errno));
    if (in_fd >= 0) close(in_fd);
    if (!rc && offset_out) *offset_out = start;
    return rc;
}

sc_status sc_comm_d(uint64_t sector_size, const uint64_t *sizes, const uint8_t *comms, uint32_t count, uint8_t out[32]) {
    if (!out || (count && (!sizes || !comms))) return sc_fail(SC_ERR_ARG, "CommD: NULL argument");
    if (!is_pow2(sector_size) || sector_size < 128 || log2u(sector_size) - 5 >= ZERO_LEVELS)
        return sc_fail(SC_ERR_ARG, "CommD: sector size %llu is not a power of two >= 128", (unsigned long long)sector_size);
    uint64_t total = 0;
    for (uint32_t i = 0; i < count; i++) {
        if (!is_pow2(sizes[i]) || sizes[i] < 128)
            return sc_fail(SC_ERR_ARG, "CommD: piece %u has padded size %llu, not a power of two >= 128", i, (unsigned long long)sizes[i]);
        total += sizes[i];
        if (sizes[i] > sector_size || total > sector_size)
            return sc_fail(SC_ERR_ARG, "CommD: pieces (%llu bytes up to piece %u) exceed the %llu-byte sector", (unsigned long long)total, i, (unsigned long long)sector_size);
    }
    if (count == 0) return sc_zero_commitment(sector_size, out);
    struct { uint64_t size; uint8_t c[32]; } stk[70];
    int top = 0;
#define REDUCE()                                                                  \
    while (top >= 2 && stk[top - 1].size == stk[top - 2].size) {                  \
        sha256_trunc254_pair(stk[top - 2].c, stk[top - 1].c, stk[top - 2].c);     \
        stk[top - 2].size *= 2;                                                   \
        top--;                                                                    \
    }
#define PUSH_ZERO(sz)                                                             \
    do {                                                                          \
        stk[top].size = (sz);                                                     \
        memcpy(stk[top].c, zero_at_level(log2u(sz) - 5), 32);                     \
        top++;                                                                    \
        REDUCE();                                                                 \
    } while (0)
    for (uint32_t i = 0; i < count; i++) {
        while (top > 0 && stk[top - 1].size < sizes[i]) PUSH_ZERO(stk[top - 1].size);
        stk[top].size = sizes[i];
        memcpy(stk[top].c, comms + 32 * (uint64_t)i, 32);
        top++;
        REDUCE();
    }
    while (top > 1) PUSH_ZERO(stk[top - 1].size);
    while (stk[0].size < sector_size) PUSH_ZERO(stk[0].size);
#undef PUSH_ZERO
#undef REDUCE
    memcpy(out, stk[0].c, 32);
    return SC_OK;
}

sc_status sc_comm_d_file(const char *path, uint64_t sector_size, uint8_t out[32]) {
    if (!out) return sc_fail(SC_ERR_ARG, "CommD: NULL argument");
    int check = sc_check_path("CommD: staged sector", path);
    if (check) return check;
    if (!is_pow2(sector_size) || sector_size < 128) return sc_fail(SC_ERR_ARG, "CommD: sector size %llu is not a power of two >= 128", (unsigned long long)sector_size);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return sc_fail(SC_ERR_IO, "CommD: cannot open staged sector %s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || (uint64_t)sb.st_size != sector_size) {
        long long sz = fstat(fd, &sb) == 0 ? (long long)sb.st_size : -1;
        close(fd);
        return sc_fail(SC_ERR_IO, "CommD: staged sector %s has %lld bytes, need %llu", path, sz, (unsigned long long)sector_size);
    }
    uint64_t step = sector_size < (1u << 20) ? sector_size : (1u << 20);
    uint8_t *buf = malloc(step);
    if (!buf) {
        close(fd);
        return sc_fail(SC_ERR_NOMEM, "CommD: out of memory");
    }
    merkle_stack st = {.have = 0};
    uint8_t root[32];
    int rc = SC_OK;
    for (uint64_t off = 0; off < sector_size && !rc; off += step) {
        rc = read_full(fd, buf, step, "staged sector", path);
        if (rc) break;
        subtree_root(buf, step / 32, root);
        stack_push(&st, log2u(step / 32), root);
    }
    free(buf);
    close(fd);
    if (!rc) memcpy(out, st.node[log2u(sector_size / 32)], 32);
    return rc;
}

sc_status sc_replica_id(const uint8_t prover_id[32], uint64_t sector_id, const uint8_t ticket[32],
                  const uint8_t comm_d[32], const uint8_t porep_id[32], uint8_t out[32]) {
    if (!prover_id || !ticket || !comm_d || !porep_id || !out) return sc_fail(SC_ERR_ARG, "replica id: NULL argument");
    uint8_t msg[136];
    memcpy(msg, prover_id, 32);
    for (int i = 0; i < 8; i++) msg[32 + i] = (uint8_t)(sector_id >> (56 - 8 * i));
    memcpy(msg + 40, ticket, 32);
    memcpy(msg + 72, comm_d, 32);
    memcpy(msg + 104, porep_id, 32);
    sha256_digest(msg, sizeof msg, out);
    out[31] &= 0x3f;
    return SC_OK;
}
