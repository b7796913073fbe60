#include "labels.h"
#include "common.h"
#include "sealcore.h"
#include "sha256.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#else
#define CPU_RELAX() ((void)0)
#endif

/* Message after the header: 18 blocks of parent labels and a final block holding one more
 * label, the 0x80 marker and the bit length of the 1248-byte message. */
#define MSG_BLOCKS 19
#define MSG_BYTES (MSG_BLOCKS * 64)
#define TAIL_OFF 1184

uint64_t sdr_layer_compressions(uint64_t nodes) { return nodes ? 2 + 20 * (nodes - 1) : 0; }

static void set_tail(uint8_t *msg) {
    memset(msg + TAIL_OFF, 0, MSG_BYTES - TAIL_OFF);
    msg[TAIL_OFF] = 0x80;
    uint64_t bits = 1248 * 8;
    for (int i = 0; i < 8; i++) msg[MSG_BYTES - 1 - i] = (uint8_t)(bits >> (8 * i));
}

static void set_header(uint8_t *hdr, const uint8_t replica_id[32], uint32_t layer, uint64_t node) {
    memcpy(hdr, replica_id, 32);
    for (int i = 0; i < 4; i++) hdr[32 + i] = (uint8_t)(layer >> (24 - 8 * i));
    for (int i = 0; i < 8; i++) hdr[36 + i] = (uint8_t)(node >> (56 - 8 * i));
    memset(hdr + 44, 0, 20);
}

static inline void copy32(uint8_t *d, const uint8_t *s) { memcpy(d, s, 32); }

/* Places parent label k (0..13) at every position it takes in the message. */
static inline void place(uint8_t *msg, uint32_t layer, int k, const uint8_t *label) {
    if (layer == 1) {
        for (int r = 0; r < 6; r++) copy32(msg + 192 * r + 32 * k, label);
        if (k == 0) copy32(msg + 1152, label);
    } else {
        copy32(msg + 32 * k, label);
        copy32(msg + 448 + 32 * k, label);
        if (k < 9) copy32(msg + 896 + 32 * k, label);
    }
}

static inline void gather(uint8_t *msg, uint32_t layer, const uint32_t *p, const uint8_t *cur, const uint8_t *prev) {
    if (layer == 1) {
        for (int k = 0; k < 6; k++) copy32(msg + 32 * k, cur + 32 * (uint64_t)p[k]);
        for (int r = 1; r < 6; r++) memcpy(msg + 192 * r, msg, 192);
        copy32(msg + 1152, msg);
    } else {
        for (int k = 0; k < 6; k++) copy32(msg + 32 * k, cur + 32 * (uint64_t)p[k]);
        for (int k = 6; k < 14; k++) copy32(msg + 32 * k, prev + 32 * (uint64_t)p[k]);
        memcpy(msg + 448, msg, 448);
        memcpy(msg + 896, msg, 256);
        copy32(msg + 1152, msg + 256);
    }
}

static inline void finish(const uint32_t st[8], uint8_t *out) {
    sha256_state_bytes(st, out);
    out[31] &= 0x3f;
}

static void label_node0(const uint8_t replica_id[32], uint32_t layer, uint8_t out[32]) {
    uint8_t blk[128] = {0};
    set_header(blk, replica_id, layer, 0);
    blk[64] = 0x80;
    blk[126] = 0x02; /* 512 bits */
    uint32_t st[8];
    memcpy(st, SHA256_IV, sizeof st);
    sha256_compress(st, blk, 2);
    finish(st, out);
}

void sdr_label_node(const uint8_t replica_id[32], uint32_t layer, uint64_t node,
                    const uint32_t *parents, const uint8_t *cur, const uint8_t *prev, uint8_t out[32]) {
    if (node == 0) {
        label_node0(replica_id, layer, out);
        return;
    }
    uint8_t buf[64 + MSG_BYTES] __attribute__((aligned(64)));
    set_header(buf, replica_id, layer, node);
    set_tail(buf + 64);
    gather(buf + 64, layer, parents, cur, prev);
    uint32_t st[8];
    memcpy(st, SHA256_IV, sizeof st);
    sha256_compress(st, buf, 1 + MSG_BLOCKS);
    finish(st, out);
}

#ifndef PREFETCH_AHEAD
#define PREFETCH_AHEAD 8
#endif

/* gcc's dead-code elimination drops __builtin_prefetch here (seen with gcc 12 -O1..-O3), so
 * on x86-64 the instruction is emitted as volatile asm. */
static inline void prefetch_line(const void *addr) {
#if defined(__x86_64__)
    __asm__ volatile("prefetcht0 %0" ::"m"(*(const char *)addr));
#else
    __builtin_prefetch(addr, 0, 3);
#endif
}

static inline void prefetch_parents(uint32_t layer, const uint32_t *p, const uint8_t *cur, const uint8_t *prev) {
    for (int k = 1; k < 6; k++) prefetch_line(cur + 32 * (uint64_t)p[k]);
    if (layer > 1)
        for (int k = 6; k < 14; k++) prefetch_line(prev + 32 * (uint64_t)p[k]);
}

void sdr_label_range(const uint8_t replica_id[32], uint32_t layer, uint64_t first, uint64_t end,
                     const uint32_t *parents, const uint8_t *prev, uint8_t *cur) {
    if (first >= end) return;
    if (first == 0) {
        label_node0(replica_id, layer, cur);
        first = 1;
    }
    uint8_t buf[64 + MSG_BYTES] __attribute__((aligned(64)));
    set_header(buf, replica_id, layer, 0);
    set_tail(buf + 64);
    for (uint64_t n = first; n < end; n++) {
        const uint32_t *p = parents + 14 * n;
        if (n + PREFETCH_AHEAD < end) prefetch_parents(layer, p + 14 * PREFETCH_AHEAD, cur, prev);
        for (int i = 0; i < 8; i++) buf[36 + i] = (uint8_t)(n >> (56 - 8 * i));
        gather(buf + 64, layer, p, cur, prev);
        uint32_t st[8];
        memcpy(st, SHA256_IV, sizeof st);
        sha256_compress(st, buf, 1 + MSG_BLOCKS);
        finish(st, cur + 32 * n);
    }
}

void sdr_label_layer(const uint8_t replica_id[32], uint32_t layer, uint64_t nodes,
                     const uint32_t *parents, const uint8_t *prev, uint8_t *cur) {
    sdr_label_range(replica_id, layer, 0, nodes, parents, prev, cur);
}

/* ---- multicore: producers fill message slots ahead of the hashing thread ---- */

#define MC_SLOTS 2048
#define MC_STRIDE 128
#define MC_PUBLISH_EVERY 16
#define MC_CONSUMER_PREFETCH 2

typedef struct {
    uint8_t msg[MSG_BYTES] __attribute__((aligned(64)));
    uint32_t st[8];
    uint32_t missing;
    _Atomic uint64_t ready; /* node + 1 once filled */
} __attribute__((aligned(64))) mc_slot;

typedef struct {
    const uint8_t *replica_id;
    uint32_t layer;
    uint64_t first, nodes; /* label [first, nodes) */
    const uint32_t *parents;
    const uint8_t *prev;
    const uint8_t *cur;
    mc_slot *slots;
    unsigned producers;
    _Atomic uint64_t done; /* labels [0, done) of this layer are written */
    _Atomic int stop;
} mc_shared;

typedef struct {
    mc_shared *sh;
    unsigned index;
} mc_producer;

static inline void backoff(unsigned *spins) {
    if (++*spins < 256) CPU_RELAX();
    else sched_yield();
}

static void *producer_main(void *arg) {
    mc_producer *pr = arg;
    mc_shared *sh = pr->sh;
    uint8_t hdr[64];
    set_header(hdr, sh->replica_id, sh->layer, 0);
    for (uint64_t start = sh->first + (uint64_t)pr->index * MC_STRIDE; start < sh->nodes; start += (uint64_t)sh->producers * MC_STRIDE) {
        uint64_t end = start + MC_STRIDE < sh->nodes ? start + MC_STRIDE : sh->nodes;
        for (uint64_t n = start; n < end; n++) {
            mc_slot *s = &sh->slots[n % MC_SLOTS];
            unsigned spins = 0;
            uint64_t done;
            while ((done = atomic_load_explicit(&sh->done, memory_order_acquire)) + MC_SLOTS <= n) {
                if (atomic_load_explicit(&sh->stop, memory_order_relaxed)) return NULL;
                backoff(&spins);
            }
            const uint32_t *p = sh->parents + 14 * n;
            if (n + PREFETCH_AHEAD < end) prefetch_parents(sh->layer, p + 14 * PREFETCH_AHEAD, sh->cur, sh->prev);
            uint32_t missing = 0;
            for (int k = 0; k < 6; k++) {
                if (p[k] < done) place(s->msg, sh->layer, k, sh->cur + 32 * (uint64_t)p[k]);
                else missing |= 1u << k;
            }
            if (sh->layer > 1)
                for (int k = 6; k < 14; k++) place(s->msg, sh->layer, k, sh->prev + 32 * (uint64_t)p[k]);
            for (int i = 0; i < 8; i++) hdr[36 + i] = (uint8_t)(n >> (56 - 8 * i));
            memcpy(s->st, SHA256_IV, sizeof s->st);
            sha256_compress(s->st, hdr, 1);
            s->missing = missing;
            atomic_store_explicit(&s->ready, n + 1, memory_order_release);
        }
    }
    return NULL;
}

int sdr_label_range_multicore(const uint8_t replica_id[32], uint32_t layer, uint64_t first, uint64_t end,
                              const uint32_t *parents, const uint8_t *prev, uint8_t *cur, unsigned producers) {
    if (first >= end) return SC_OK;
    if (producers == 0) {
        sdr_label_range(replica_id, layer, first, end, parents, prev, cur);
        return SC_OK;
    }
    if (first == 0) {
        label_node0(replica_id, layer, cur);
        first = 1;
        if (first >= end) return SC_OK;
    }
    if (producers > 64) producers = 64;
    mc_slot *slots = aligned_alloc(64, sizeof(mc_slot) * MC_SLOTS);
    if (!slots) return sc_fail(SC_ERR_NOMEM, "multicore SDR: out of memory for %d slots", MC_SLOTS);
    for (int i = 0; i < MC_SLOTS; i++) {
        set_tail(slots[i].msg);
        atomic_init(&slots[i].ready, 0);
    }
    mc_shared sh = {.replica_id = replica_id, .layer = layer, .first = first, .nodes = end, .parents = parents,
                    .prev = prev, .cur = cur, .slots = slots, .producers = producers};
    atomic_init(&sh.done, first);
    atomic_init(&sh.stop, 0);
    mc_producer prs[64];
    pthread_t tids[64];
    unsigned started = 0;
    for (unsigned i = 0; i < producers; i++) {
        prs[i] = (mc_producer){&sh, i};
        if (pthread_create(&tids[i], NULL, producer_main, &prs[i]) != 0) break;
        started++;
    }
    if (started < producers) {
        atomic_store(&sh.stop, 1);
        for (unsigned i = 0; i < started; i++) pthread_join(tids[i], NULL);
        free(slots);
        return sc_fail(SC_ERR_NOMEM, "multicore SDR: cannot start producer thread %u of %u", started + 1, producers);
    }
    for (uint64_t n = first; n < end; n++) {
        mc_slot *s = &slots[n % MC_SLOTS];
        const uint8_t *ahead = slots[(n + MC_CONSUMER_PREFETCH) % MC_SLOTS].msg;
        for (int i = 0; i < MSG_BYTES; i += 64) prefetch_line(ahead + i);
        unsigned spins = 0;
        while (atomic_load_explicit(&s->ready, memory_order_acquire) != n + 1) backoff(&spins);
        const uint32_t *p = parents + 14 * n;
        for (uint32_t m = s->missing; m; m &= m - 1) {
            int k = __builtin_ctz(m);
            place(s->msg, layer, k, cur + 32 * (uint64_t)p[k]);
        }
        uint32_t st[8];
        memcpy(st, s->st, sizeof st);
        sha256_compress(st, s->msg, MSG_BLOCKS);
        finish(st, cur + 32 * n);
        if ((n & (MC_PUBLISH_EVERY - 1)) == 0 || n + 1 == end)
            atomic_store_explicit(&sh.done, n + 1, memory_order_release);
    }
    for (unsigned i = 0; i < started; i++) pthread_join(tids[i], NULL);
    free(slots);
    return SC_OK;
}

int sdr_label_layer_multicore(const uint8_t replica_id[32], uint32_t layer, uint64_t nodes,
                              const uint32_t *parents, const uint8_t *prev, uint8_t *cur,
                              unsigned producers) {
    return sdr_label_range_multicore(replica_id, layer, 0, nodes, parents, prev, cur, producers);
}
