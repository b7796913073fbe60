/* PreCommit2 (spec/proofs.md sections 5 and 7): tree_d, the column hashes and tree_c, the
 * encoding replica = data + key (key = last layer label) and tree_r_last, comm_c,
 * comm_r_last and comm_r = Poseidon-2(comm_c, comm_r_last). Also unsealing (data =
 * replica - key). Work is split over the caller's thread count with pthreads; outputs are
 * written to a temporary name (space reserved with posix_fallocate, so a full disk is an
 * error and not a SIGBUS) and renamed when complete. */
#include "common.h"
#include "fr.h"
#include "poseidon.h"
#include "sealcore.h"
#include "sha256.h"
#include "trees.h"
#include "fsutil.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* ---- parallel for ---- */
typedef void (*range_fn)(void *ctx, uint64_t lo, uint64_t hi);
typedef struct { range_fn fn; void *ctx; uint64_t lo, hi; } par_job;
static void *par_run(void *a) { par_job *j = a; j->fn(j->ctx, j->lo, j->hi); return NULL; }

static void par_for(uint32_t threads, uint64_t n, range_fn fn, void *ctx) {
    if (threads > 64) threads = 64;
    if (threads <= 1 || n < 256) { fn(ctx, 0, n); return; }
    pthread_t th[64];
    par_job jobs[64];
    int started[64] = {0};
    uint64_t chunk = (n + threads - 1) / threads;
    for (uint32_t t = 0; t < threads; t++) {
        uint64_t lo = (uint64_t)t * chunk, hi = lo + chunk > n ? n : lo + chunk;
        jobs[t] = (par_job){fn, ctx, lo < n ? lo : n, hi};
    }
    for (uint32_t t = 0; t + 1 < threads; t++)
        started[t] = pthread_create(&th[t], NULL, par_run, &jobs[t]) == 0;
    for (uint32_t t = 0; t < threads; t++)   /* the last chunk, and any whose thread failed */
        if (t + 1 == threads || !started[t]) fn(ctx, jobs[t].lo, jobs[t].hi);
    for (uint32_t t = 0; t + 1 < threads; t++)
        if (started[t]) pthread_join(th[t], NULL);
}

/* ---- writable output mapping: temporary name, then rename ---- */
typedef struct { int fd; uint8_t *p; uint64_t len; char tmp[PATH_MAX + 32]; char path[PATH_MAX]; } wmap;

static int wmap_create(wmap *w, const char *path, uint64_t len, const char *what) {
    memset(w, 0, sizeof *w);
    w->fd = -1;
    snprintf(w->path, sizeof w->path, "%s", path);
    snprintf(w->tmp, sizeof w->tmp, "%s.tmp-%d", path, (int)getpid());
    w->fd = open(w->tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (w->fd < 0) return sc_fail(SC_ERR_IO, "%s %s: cannot create: %s", what, w->tmp, strerror(errno));
    int e = posix_fallocate(w->fd, 0, (off_t)len);
    if (e != 0) {
        close(w->fd); unlink(w->tmp); w->fd = -1;
        return sc_fail(SC_ERR_IO, "%s %s: cannot reserve %llu bytes: %s", what, w->tmp,
                       (unsigned long long)len, strerror(e));
    }
    void *p = mmap(NULL, (size_t)len, PROT_READ | PROT_WRITE, MAP_SHARED, w->fd, 0);
    if (p == MAP_FAILED) {
        close(w->fd); unlink(w->tmp); w->fd = -1;
        return sc_fail(SC_ERR_IO, "%s %s: mmap: %s", what, w->tmp, strerror(errno));
    }
    w->p = p;
    w->len = len;
    return SC_OK;
}

static void wmap_abort(wmap *w) {
    if (w->p) munmap(w->p, w->len);
    if (w->fd >= 0) { close(w->fd); unlink(w->tmp); }
    w->p = NULL; w->fd = -1;
}

static int wmap_commit(wmap *w, const char *what) {
    int rc = SC_OK;
    if (munmap(w->p, w->len) != 0) rc = sc_fail(SC_ERR_IO, "%s: munmap: %s", what, strerror(errno));
    w->p = NULL;
    if (rc == SC_OK && fdatasync(w->fd) != 0) rc = sc_fail(SC_ERR_IO, "%s %s: sync: %s", what, w->tmp, strerror(errno));
    if (close(w->fd) != 0 && rc == SC_OK) rc = sc_fail(SC_ERR_IO, "%s %s: close: %s", what, w->tmp, strerror(errno));
    w->fd = -1;
    if (rc == SC_OK && rename(w->tmp, w->path) != 0)
        rc = sc_fail(SC_ERR_IO, "%s %s: rename: %s", what, w->path, strerror(errno));
    if (rc != SC_OK) unlink(w->tmp);
    return rc;
}

static uint32_t norm_threads(uint32_t threads) {
    if (threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (uint32_t)n : 1;
    }
    return threads > 64 ? 64 : threads;
}

/* ---- jobs ---- */
typedef struct { const uint8_t *in; uint8_t *out; atomic_llong bad; } level_ctx;

static void note_bad(atomic_llong *bad, long long node) {
    long long cur = atomic_load(bad);
    while ((cur < 0 || node < cur) && !atomic_compare_exchange_weak(bad, &cur, node)) {}
}

static void job_sha_level(void *c, uint64_t lo, uint64_t hi) {
    level_ctx *x = c;
    for (uint64_t i = lo; i < hi; i++) sha256_trunc254_pair(x->in + 64 * i, x->in + 64 * i + 32, x->out + 32 * i);
}

static void job_p8_level(void *c, uint64_t lo, uint64_t hi) {
    level_ctx *x = c;
    for (uint64_t i = lo; i < hi; i++)
        if (hash_nodes(8, x->in + 256 * i, x->out + 32 * i) != 0) note_bad(&x->bad, (long long)i);
}

typedef struct { const uint8_t *layers[16]; uint32_t nl; uint64_t first; uint8_t *out; atomic_llong bad; } col_ctx;

static void job_columns(void *c, uint64_t lo, uint64_t hi) {
    col_ctx *x = c;
    const poseidon_params *p = poseidon_get((int)x->nl);
    fr_t in[16], o;
    for (uint64_t i = lo; i < hi; i++) {
        uint64_t node = x->first + i;
        int ok = 1;
        for (uint32_t l = 0; l < x->nl; l++)
            if (fr_from_bytes(&in[l], x->layers[l] + 32 * node) != 0) { ok = 0; break; }
        if (!ok) { note_bad(&x->bad, (long long)node); continue; }
        poseidon_hash(p, in, &o);
        fr_to_bytes(x->out + 32 * i, &o);
    }
}

typedef struct { const uint8_t *a, *b; uint8_t *out; int sub; atomic_llong bad; } enc_ctx;

static void job_encode(void *c, uint64_t lo, uint64_t hi) {
    enc_ctx *x = c;
    for (uint64_t i = lo; i < hi; i++) {
        int r = x->sub ? fr_bytes_sub(x->out + 32 * i, x->a + 32 * i, x->b + 32 * i)
                       : fr_bytes_add(x->out + 32 * i, x->a + 32 * i, x->b + 32 * i);
        if (r != 0) note_bad(&x->bad, (long long)i);
    }
}

/* Builds the arity-8 levels of one base tree. `leaves` is level 0 (base_leaves nodes); level 1
 * onward go to `upper` (contiguous). Returns -1 (and the bad node) if a node is not in Fr. */
static int build_p8(const tree_shape *s, const uint8_t *leaves, uint8_t *upper, uint32_t threads,
                    long long *bad_out) {
    const uint8_t *in = leaves;
    uint8_t *out = upper;
    uint64_t n = s->base_leaves / 8;
    for (uint32_t lvl = 1; lvl <= s->base_levels; lvl++, n /= 8) {
        level_ctx x = {in, out, -1};
        par_for(threads, n, job_p8_level, &x);
        if (atomic_load(&x.bad) >= 0) { *bad_out = atomic_load(&x.bad); return -1; }
        in = out;
        out += 32 * n;
    }
    return 0;
}

static int bad_node(long long node, const char *what) {
    return sc_fail(SC_ERR_ARG, "%s: node %lld is not a canonical Fr element (corrupt input?)", what, node);
}

int sc_pc2(uint32_t proof, const char *cache_dir, const char *staged_path, const char *sealed_path,
           uint32_t threads, const uint8_t *expected_comm_d, uint8_t comm_d_out[32],
           uint8_t comm_c_out[32], uint8_t comm_r_last_out[32], uint8_t comm_r_out[32],
           double stats_out[4]) {
    if (!cache_dir || !staged_path || !sealed_path || !comm_d_out || !comm_c_out || !comm_r_last_out || !comm_r_out)
        return sc_fail(SC_ERR_ARG, "pc2: null argument");
    proof_info pi;
    int rc = proof_lookup(proof, &pi);
    if (rc != SC_OK) return rc;
    tree_shape s;
    tree_shape_of(&pi, &s);
    threads = norm_threads(threads);
    double t0 = now_s(), t_d = 0, t_c = 0, t_r = 0;
    char path[PATH_MAX];
    rmap staged = {0}, layers[16];
    memset(layers, 0, sizeof layers);
    wmap w = {.fd = -1};
    uint8_t *roots_c = NULL, *roots_r = NULL;
    const uint64_t N = pi.nodes, sz = pi.sector_size;

    if ((rc = rmap_open(&staged, staged_path, sz, "pc2: staged sector")) != SC_OK) goto out;
    for (uint32_t l = 1; l <= pi.layers; l++) {
        layer_file(path, sizeof path, cache_dir, l);
        if ((rc = rmap_open(&layers[l - 1], path, sz, "pc2: layer file")) != SC_OK) goto out;
    }
    roots_c = malloc(32 * s.base_count);
    roots_r = malloc(32 * s.base_count);
    if (!roots_c || !roots_r) { rc = sc_fail(SC_ERR_NOMEM, "pc2: out of memory"); goto out; }

    /* tree_d: leaves then binary SHA-256 trunc254 levels */
    tree_d_file(path, sizeof path, cache_dir);
    if ((rc = wmap_create(&w, path, (2 * N - 1) * 32, "pc2: tree_d")) != SC_OK) goto out;
    memcpy(w.p, staged.p, sz);
    {
        uint8_t *in = w.p, *o = w.p + sz;
        for (uint64_t n = N / 2; n >= 1; n /= 2) {
            level_ctx x = {in, o, -1};
            par_for(threads, n, job_sha_level, &x);
            in = o;
            o += 32 * n;
        }
        memcpy(comm_d_out, w.p + (2 * N - 2) * 32, 32);
    }
    if ((rc = wmap_commit(&w, "pc2: tree_d")) != SC_OK) goto out;
    if (expected_comm_d && memcmp(expected_comm_d, comm_d_out, 32) != 0) {
        rc = sc_fail(SC_ERR_VERIFY, "pc2: tree_d root differs from the expected comm_d (wrong staged sector?)");
        goto out;
    }
    t_d = now_s() - t0;

    /* tree_c: column hashes (Poseidon of the L labels of a node) and the arity-8 tree */
    for (uint32_t b = 0; b < s.base_count; b++) {
        tree_c_path(path, sizeof path, cache_dir, &s, b);
        if ((rc = wmap_create(&w, path, s.base_len * 32, "pc2: tree_c")) != SC_OK) goto out;
        col_ctx x = {.nl = pi.layers, .first = b * s.base_leaves, .out = w.p, .bad = -1};
        for (uint32_t l = 0; l < pi.layers; l++) x.layers[l] = layers[l].p;
        par_for(threads, s.base_leaves, job_columns, &x);
        long long bad = atomic_load(&x.bad);
        if (bad >= 0) { wmap_abort(&w); rc = bad_node(bad, "pc2: layer label"); goto out; }
        if (build_p8(&s, w.p, w.p + 32 * s.base_leaves, threads, &bad) != 0) {
            wmap_abort(&w); rc = bad_node(bad, "pc2: tree_c"); goto out;
        }
        memcpy(roots_c + 32 * b, w.p + (s.base_len - 1) * 32, 32);
        if ((rc = wmap_commit(&w, "pc2: tree_c")) != SC_OK) goto out;
    }
    t_c = now_s() - t0 - t_d;

    /* replica = data + key (last layer) in Fr, then tree_r_last over it */
    if ((rc = wmap_create(&w, sealed_path, sz, "pc2: sealed replica")) != SC_OK) goto out;
    {
        enc_ctx x = {staged.p, layers[pi.layers - 1].p, w.p, 0, -1};
        par_for(threads, N, job_encode, &x);
        long long bad = atomic_load(&x.bad);
        if (bad >= 0) { wmap_abort(&w); rc = bad_node(bad, "pc2: data or key"); goto out; }
    }
    if ((rc = wmap_commit(&w, "pc2: sealed replica")) != SC_OK) goto out;
    {
        rmap sealed;
        if ((rc = rmap_open(&sealed, sealed_path, sz, "pc2: sealed replica")) != SC_OK) goto out;
        for (uint32_t b = 0; b < s.base_count; b++) {
            tree_r_path(path, sizeof path, cache_dir, &s, b);
            if ((rc = wmap_create(&w, path, (s.base_len - s.base_leaves) * 32, "pc2: tree_r_last")) != SC_OK) break;
            long long bad;
            if (build_p8(&s, sealed.p + 32 * b * s.base_leaves, w.p, threads, &bad) != 0) {
                wmap_abort(&w); rc = bad_node(bad, "pc2: tree_r_last"); break;
            }
            memcpy(roots_r + 32 * b, w.p + (s.base_len - s.base_leaves - 1) * 32, 32);
            if ((rc = wmap_commit(&w, "pc2: tree_r_last")) != SC_OK) break;
        }
        rmap_close(&sealed);
        if (rc != SC_OK) goto out;
    }
    if (compose_root(&s, roots_c, comm_c_out) || compose_root(&s, roots_r, comm_r_last_out)) {
        rc = sc_fail(SC_ERR_ARG, "pc2: a tree root is not in Fr");
        goto out;
    }
    {
        uint8_t two[64], aux[64];
        memcpy(two, comm_c_out, 32);
        memcpy(two + 32, comm_r_last_out, 32);
        hash_nodes(2, two, comm_r_out);
        memcpy(aux, two, 64);
        p_aux_file(path, sizeof path, cache_dir);
        if ((rc = fs_write_file_atomic(path, aux, 64)) != SC_OK) goto out;
    }
    t_r = now_s() - t0 - t_d - t_c;
    if (stats_out) { stats_out[0] = t_d; stats_out[1] = t_c; stats_out[2] = t_r; stats_out[3] = now_s() - t0; }
    rc = SC_OK;
out:
    if (w.p) wmap_abort(&w);
    rmap_close(&staged);
    for (uint32_t l = 0; l < 16; l++) rmap_close(&layers[l]);
    free(roots_c);
    free(roots_r);
    return rc;
}

int sc_encode_replica(uint32_t proof, const char *cache_dir, const char *staged_path,
                      const char *sealed_path, uint32_t threads) {
    if (!cache_dir || !staged_path || !sealed_path) return sc_fail(SC_ERR_ARG, "encode: null argument");
    proof_info pi;
    int rc = proof_lookup(proof, &pi);
    if (rc != SC_OK) return rc;
    char path[PATH_MAX];
    rmap staged, key;
    wmap w;
    layer_file(path, sizeof path, cache_dir, pi.layers);
    if ((rc = rmap_open(&staged, staged_path, pi.sector_size, "encode: staged sector")) != SC_OK) return rc;
    if ((rc = rmap_open(&key, path, pi.sector_size, "encode: last layer file")) != SC_OK) { rmap_close(&staged); return rc; }
    if ((rc = wmap_create(&w, sealed_path, pi.sector_size, "encode: sealed replica")) == SC_OK) {
        enc_ctx x = {staged.p, key.p, w.p, 0, -1};
        par_for(norm_threads(threads), pi.nodes, job_encode, &x);
        long long bad = atomic_load(&x.bad);
        if (bad >= 0) { wmap_abort(&w); rc = bad_node(bad, "encode: data or key"); }
        else rc = wmap_commit(&w, "encode: sealed replica");
    }
    rmap_close(&staged);
    rmap_close(&key);
    return rc;
}

int sc_unseal_range(uint32_t proof, const char *cache_dir, const char *sealed_path, uint64_t offset,
                    uint64_t length, const char *out_path) {
    if (!cache_dir || !sealed_path || !out_path) return sc_fail(SC_ERR_ARG, "unseal: null argument");
    proof_info pi;
    int rc = proof_lookup(proof, &pi);
    if (rc != SC_OK) return rc;
    if (offset % 32 || length % 32 || length == 0 || offset > pi.sector_size || length > pi.sector_size - offset)
        return sc_fail(SC_ERR_ARG, "unseal: range [%llu, +%llu) must be 32-byte aligned, non-empty and inside the %llu-byte sector",
                       (unsigned long long)offset, (unsigned long long)length, (unsigned long long)pi.sector_size);
    char path[PATH_MAX];
    rmap sealed, key;
    wmap w;
    layer_file(path, sizeof path, cache_dir, pi.layers);
    if ((rc = rmap_open(&sealed, sealed_path, pi.sector_size, "unseal: sealed replica")) != SC_OK) return rc;
    if ((rc = rmap_open(&key, path, pi.sector_size, "unseal: last layer file (the key; rerun PreCommit1 if it was removed)")) != SC_OK) {
        rmap_close(&sealed);
        return rc;
    }
    if ((rc = wmap_create(&w, out_path, length, "unseal: output")) == SC_OK) {
        enc_ctx x = {sealed.p + offset, key.p + offset, w.p, 1, -1};
        par_for(1, length / 32, job_encode, &x);
        long long bad = atomic_load(&x.bad);
        if (bad >= 0) { wmap_abort(&w); rc = bad_node(bad + (long long)(offset / 32), "unseal: replica or key"); }
        else rc = wmap_commit(&w, "unseal: output");
    }
    rmap_close(&sealed);
    rmap_close(&key);
    return rc;
}
