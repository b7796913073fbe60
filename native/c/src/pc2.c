/* PreCommit2 (docs/proofs.md): tree_d, the column hashes and tree_c, the
 * encoding replica = data + key (key = last layer label) and tree_r_last, comm_c,
 * comm_r_last and comm_r = Poseidon-2(comm_c, comm_r_last). Also unsealing (data =
 * replica - key). Work is split over the caller's thread count with pthreads; outputs are
 * written to a temporary name (space reserved with posix_fallocate, so a full disk is an
 * error and not a SIGBUS) and renamed when complete. Progress is counted in nodes and the
 * cancel flag is read every PAR_BLOCK items; a failed or cancelled PreCommit2 removes every
 * file it wrote, so a cache directory never holds a mix of old and new trees. */
#include "common.h"
#include "fr.h"
#include "poseidon.h"
#include "sealcore.h"
#include "sha256.h"
#include "trees.h"
#include "fsutil.h"
#include "progress.h"
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

/* Items between two looks at the cancel flag (and two progress updates) in a job. */
#define PAR_BLOCK 4096

/* ---- writable output mapping: temporary name, then rename ---- */
typedef struct { int fd; uint8_t *p; uint64_t len; char tmp[SC_PATH_MAX + 64]; char path[SC_PATH_MAX]; } wmap;

static int wmap_create(wmap *w, const char *path, uint64_t len, const char *what) {
    memset(w, 0, sizeof *w);
    w->fd = -1;
    int rc = sc_format(w->path, sizeof w->path, what, "%s", path);
    if (rc == SC_OK) rc = fs_temp_name(w->tmp, sizeof w->tmp, path);
    if (rc != SC_OK) return rc;
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
    if (w->p) (void)munmap(w->p, w->len); /* failing already; the unlink below matters */
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
/* weight: progress units per hash (0: not counted). */
typedef struct { const uint8_t *in; uint8_t *out; atomic_llong bad; sc_progress *pg; uint64_t weight; } level_ctx;

static void note_bad(atomic_llong *bad, long long node) {
    long long cur = atomic_load(bad);
    while ((cur < 0 || node < cur) && !atomic_compare_exchange_weak(bad, &cur, node)) {}
}

/* End of the block that starts at i: the next multiple of PAR_BLOCK, at most hi. */
static inline uint64_t block_end(uint64_t i, uint64_t hi) {
    uint64_t e = (i / PAR_BLOCK + 1) * PAR_BLOCK;
    return e < hi ? e : hi;
}

static void job_sha_level(void *c, uint64_t lo, uint64_t hi) {
    level_ctx *x = c;
    for (uint64_t i = lo; i < hi && !progress_cancelled(x->pg);) {
        uint64_t b = i, e = block_end(i, hi);
        for (; i < e; i++) sha256_trunc254_pair(x->in + 64 * i, x->in + 64 * i + 32, x->out + 32 * i);
        progress_add(x->pg, x->weight * (e - b));
    }
}

static void job_p8_level(void *c, uint64_t lo, uint64_t hi) {
    level_ctx *x = c;
    for (uint64_t i = lo; i < hi && !progress_cancelled(x->pg);) {
        uint64_t b = i, e = block_end(i, hi);
        for (; i < e; i++)
            if (hash_nodes(8, x->in + 256 * i, x->out + 32 * i) != 0) note_bad(&x->bad, (long long)i);
        progress_add(x->pg, x->weight * (e - b));
    }
}

typedef struct { const uint8_t *layers[16]; uint32_t nl; uint64_t first; uint8_t *out; atomic_llong bad; sc_progress *pg; } col_ctx;

static void job_columns(void *c, uint64_t lo, uint64_t hi) {
    col_ctx *x = c;
    const poseidon_params *p = poseidon_get((int)x->nl);
    fr_t in[16], o;
    for (uint64_t i = lo; i < hi && !progress_cancelled(x->pg);) {
        uint64_t b = i, e = block_end(i, hi);
        for (; i < e; i++) {
            uint64_t node = x->first + i;
            int ok = 1;
            for (uint32_t l = 0; l < x->nl; l++)
                if (fr_from_bytes(&in[l], x->layers[l] + 32 * node) != 0) { ok = 0; break; }
            if (!ok) { note_bad(&x->bad, (long long)node); continue; }
            poseidon_hash(p, in, &o);
            fr_to_bytes(x->out + 32 * i, &o);
        }
        progress_add(x->pg, e - b);
    }
}

typedef struct { const uint8_t *a, *b; uint8_t *out; int sub; atomic_llong bad; sc_progress *pg; } enc_ctx;

static void job_encode(void *c, uint64_t lo, uint64_t hi) {
    enc_ctx *x = c;
    for (uint64_t i = lo; i < hi && !progress_cancelled(x->pg);) {
        uint64_t b = i, e = block_end(i, hi);
        for (; i < e; i++) {
            int r = x->sub ? fr_bytes_sub(x->out + 32 * i, x->a + 32 * i, x->b + 32 * i)
                           : fr_bytes_add(x->out + 32 * i, x->a + 32 * i, x->b + 32 * i);
            if (r != 0) note_bad(&x->bad, (long long)i);
        }
        progress_add(x->pg, e - b);
    }
}

/* Builds the arity-8 levels of one base tree. `leaves` is level 0 (base_leaves nodes); level 1
 * onward go to `upper` (contiguous). Returns -1 (and the bad node) if a node is not in Fr. */
static int build_p8(const tree_shape *s, const uint8_t *leaves, uint8_t *upper, uint32_t threads,
                    sc_progress *pg, uint64_t weight, long long *bad_out) {
    const uint8_t *in = leaves;
    uint8_t *out = upper;
    uint64_t n = s->base_leaves / 8;
    for (uint32_t lvl = 1; lvl <= s->base_levels; lvl++, n /= 8) {
        level_ctx x = {in, out, -1, pg, weight};
        par_for(threads, n, job_p8_level, &x);
        if (atomic_load(&x.bad) >= 0) { *bad_out = atomic_load(&x.bad); return -1; }
        if (progress_cancelled(pg)) return 0; /* the caller looks at the flag */
        in = out;
        out += 32 * n;
    }
    return 0;
}

static int bad_node(long long node, const char *what) {
    return sc_fail(SC_ERR_ARG, "%s: node %lld is not a canonical Fr element (corrupt input?)", what, node);
}

/* Removes every file a PreCommit2 writes (after a failure or cancellation). */
static void pc2_remove_outputs(const char *cache_dir, const tree_shape *s, const char *sealed_path) {
    char path[SC_PATH_MAX];
    if (tree_d_file(path, sizeof path, cache_dir) == SC_OK) unlink(path);
    if (p_aux_file(path, sizeof path, cache_dir) == SC_OK) unlink(path);
    for (uint32_t b = 0; b < s->base_count; b++) {
        if (tree_c_path(path, sizeof path, cache_dir, s, b) == SC_OK) unlink(path);
        if (tree_r_path(path, sizeof path, cache_dir, s, b) == SC_OK) unlink(path);
    }
    unlink(sealed_path);
}

static int cancelled(const char *what) { return sc_fail(SC_CANCELLED, "%s: cancelled", what); }

sc_status sc_pc2(uint32_t proof, const char *cache_dir, const char *staged_path, const char *sealed_path,
           uint32_t threads, const uint8_t *expected_comm_d, uint8_t comm_d_out[32],
           uint8_t comm_c_out[32], uint8_t comm_r_last_out[32], uint8_t comm_r_out[32],
           double stats_out[4], sc_progress *pg) {
    if (!comm_d_out || !comm_c_out || !comm_r_last_out || !comm_r_out)
        return sc_fail(SC_ERR_ARG, "pc2: null argument");
    proof_info pi;
    int rc = proof_lookup(proof, &pi);
    if (rc != SC_OK) return rc;
    if ((rc = sc_check_dir("pc2: cache directory", cache_dir)) != SC_OK ||
        (rc = sc_check_path("pc2: staged sector", staged_path)) != SC_OK ||
        (rc = sc_check_path("pc2: sealed replica", sealed_path)) != SC_OK)
        return rc;
    tree_shape s;
    tree_shape_of(&pi, &s);
    threads = norm_threads(threads);
    double t0 = now_s(), t_d = 0, t_c = 0, t_r = 0;
    char path[SC_PATH_MAX];
    rmap staged = {0}, layers[16];
    memset(layers, 0, sizeof layers);
    wmap w = {.fd = -1};
    uint8_t *roots_c = NULL, *roots_r = NULL;
    const uint64_t N = pi.nodes, sz = pi.sector_size;
    int wrote = 0;
    progress_start(pg, 4 * N);
    progress_phase(pg, SC_PHASE_TREE_D, 0);

    if ((rc = rmap_open(&staged, staged_path, sz, "pc2: staged sector")) != SC_OK) goto out;
    for (uint32_t l = 1; l <= pi.layers; l++) {
        if ((rc = layer_file(path, sizeof path, cache_dir, l)) != SC_OK) goto out;
        if ((rc = rmap_open(&layers[l - 1], path, sz, "pc2: layer file")) != SC_OK) goto out;
    }
    roots_c = malloc(32 * s.base_count);
    roots_r = malloc(32 * s.base_count);
    if (!roots_c || !roots_r) { rc = sc_fail(SC_ERR_NOMEM, "pc2: out of memory"); goto out; }

    /* tree_d: leaves then binary SHA-256 trunc254 levels */
    if ((rc = tree_d_file(path, sizeof path, cache_dir)) != SC_OK) goto out;
    wrote = 1;
    if ((rc = wmap_create(&w, path, (2 * N - 1) * 32, "pc2: tree_d")) != SC_OK) goto out;
    memcpy(w.p, staged.p, sz);
    {
        uint8_t *in = w.p, *o = w.p + sz;
        for (uint64_t n = N / 2; n >= 1; n /= 2) {
            level_ctx x = {in, o, -1, pg, 1};
            par_for(threads, n, job_sha_level, &x);
            if (progress_cancelled(pg)) { rc = cancelled("pc2"); goto out; }
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
    progress_phase(pg, SC_PHASE_TREE_C, 0);
    for (uint32_t b = 0; b < s.base_count; b++) {
        if ((rc = tree_c_path(path, sizeof path, cache_dir, &s, b)) != SC_OK) goto out;
        if ((rc = wmap_create(&w, path, s.base_len * 32, "pc2: tree_c")) != SC_OK) goto out;
        col_ctx x = {.nl = pi.layers, .first = b * s.base_leaves, .out = w.p, .bad = -1, .pg = pg};
        for (uint32_t l = 0; l < pi.layers; l++) x.layers[l] = layers[l].p;
        par_for(threads, s.base_leaves, job_columns, &x);
        if (progress_cancelled(pg)) { rc = cancelled("pc2"); goto out; }
        long long bad = atomic_load(&x.bad);
        if (bad >= 0) { rc = bad_node(bad, "pc2: layer label"); goto out; }
        if (build_p8(&s, w.p, w.p + 32 * s.base_leaves, threads, pg, 0, &bad) != 0) {
            rc = bad_node(bad, "pc2: tree_c"); goto out;
        }
        if (progress_cancelled(pg)) { rc = cancelled("pc2"); goto out; }
        memcpy(roots_c + 32 * b, w.p + (s.base_len - 1) * 32, 32);
        if ((rc = wmap_commit(&w, "pc2: tree_c")) != SC_OK) goto out;
    }
    t_c = now_s() - t0 - t_d;

    /* replica = data + key (last layer) in Fr, then tree_r_last over it */
    progress_phase(pg, SC_PHASE_ENCODING, 0);
    if ((rc = wmap_create(&w, sealed_path, sz, "pc2: sealed replica")) != SC_OK) goto out;
    {
        enc_ctx x = {staged.p, layers[pi.layers - 1].p, w.p, 0, -1, pg};
        par_for(threads, N, job_encode, &x);
        if (progress_cancelled(pg)) { rc = cancelled("pc2"); goto out; }
        long long bad = atomic_load(&x.bad);
        if (bad >= 0) { rc = bad_node(bad, "pc2: data or key"); goto out; }
    }
    if ((rc = wmap_commit(&w, "pc2: sealed replica")) != SC_OK) goto out;
    progress_phase(pg, SC_PHASE_TREE_R, 0);
    {
        rmap sealed;
        if ((rc = rmap_open(&sealed, sealed_path, sz, "pc2: sealed replica")) != SC_OK) goto out;
        for (uint32_t b = 0; b < s.base_count; b++) {
            if ((rc = tree_r_path(path, sizeof path, cache_dir, &s, b)) != SC_OK) break;
            if ((rc = wmap_create(&w, path, (s.base_len - s.base_leaves) * 32, "pc2: tree_r_last")) != SC_OK) break;
            long long bad;
            if (build_p8(&s, sealed.p + 32 * b * s.base_leaves, w.p, threads, pg, 7, &bad) != 0) {
                rc = bad_node(bad, "pc2: tree_r_last"); break;
            }
            if (progress_cancelled(pg)) { rc = cancelled("pc2"); break; }
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
        uint8_t two[64];
        memcpy(two, comm_c_out, 32);
        memcpy(two + 32, comm_r_last_out, 32);
        if (hash_nodes(2, two, comm_r_out) != 0) { rc = sc_fail(SC_ERR_ARG, "pc2: comm_c or comm_r_last is not in Fr"); goto out; }
        if ((rc = p_aux_file(path, sizeof path, cache_dir)) != SC_OK) goto out;
        if ((rc = fs_write_file_atomic(path, two, 64)) != SC_OK) goto out;
    }
    t_r = now_s() - t0 - t_d - t_c;
    if (stats_out) { stats_out[0] = t_d; stats_out[1] = t_c; stats_out[2] = t_r; stats_out[3] = now_s() - t0; }
    progress_finish(pg);
    rc = SC_OK;
out:
    if (w.fd >= 0) wmap_abort(&w);
    if (rc != SC_OK && wrote) pc2_remove_outputs(cache_dir, &s, sealed_path);
    rmap_close(&staged);
    for (uint32_t l = 0; l < 16; l++) rmap_close(&layers[l]);
    free(roots_c);
    free(roots_r);
    return rc;
}

sc_status sc_encode_replica(uint32_t proof, const char *cache_dir, const char *staged_path,
                      const char *sealed_path, uint32_t threads) {
    proof_info pi;
    int rc = proof_lookup(proof, &pi);
    if (rc != SC_OK) return rc;
    if ((rc = sc_check_dir("encode: cache directory", cache_dir)) != SC_OK ||
        (rc = sc_check_path("encode: staged sector", staged_path)) != SC_OK ||
        (rc = sc_check_path("encode: sealed replica", sealed_path)) != SC_OK)
        return rc;
    char path[SC_PATH_MAX];
    rmap staged, key;
    wmap w;
    if ((rc = layer_file(path, sizeof path, cache_dir, pi.layers)) != SC_OK) return rc;
    if ((rc = rmap_open(&staged, staged_path, pi.sector_size, "encode: staged sector")) != SC_OK) return rc;
    if ((rc = rmap_open(&key, path, pi.sector_size, "encode: last layer file")) != SC_OK) { rmap_close(&staged); return rc; }
    if ((rc = wmap_create(&w, sealed_path, pi.sector_size, "encode: sealed replica")) == SC_OK) {
        enc_ctx x = {staged.p, key.p, w.p, 0, -1, NULL};
        par_for(norm_threads(threads), pi.nodes, job_encode, &x);
        long long bad = atomic_load(&x.bad);
        if (bad >= 0) { wmap_abort(&w); rc = bad_node(bad, "encode: data or key"); }
        else rc = wmap_commit(&w, "encode: sealed replica");
    }
    rmap_close(&staged);
    rmap_close(&key);
    return rc;
}

sc_status sc_unseal_range(uint32_t proof, const char *cache_dir, const char *sealed_path, uint64_t offset,
                    uint64_t length, const char *out_path) {
    proof_info pi;
    int rc = proof_lookup(proof, &pi);
    if (rc != SC_OK) return rc;
    if ((rc = sc_check_dir("unseal: cache directory", cache_dir)) != SC_OK ||
        (rc = sc_check_path("unseal: sealed replica", sealed_path)) != SC_OK ||
        (rc = sc_check_path("unseal: output", out_path)) != SC_OK)
        return rc;
    if (offset % 32 || length % 32 || length == 0 || offset > pi.sector_size || length > pi.sector_size - offset)
        return sc_fail(SC_ERR_ARG, "unseal: range [%llu, +%llu) must be 32-byte aligned, non-empty and inside the %llu-byte sector",
                       (unsigned long long)offset, (unsigned long long)length, (unsigned long long)pi.sector_size);
    char path[SC_PATH_MAX];
    rmap sealed, key;
    wmap w;
    if ((rc = layer_file(path, sizeof path, cache_dir, pi.layers)) != SC_OK) return rc;
    if ((rc = rmap_open(&sealed, sealed_path, pi.sector_size, "unseal: sealed replica")) != SC_OK) return rc;
    if ((rc = rmap_open(&key, path, pi.sector_size, "unseal: last layer file (the key; rerun PreCommit1 if it was removed)")) != SC_OK) {
        rmap_close(&sealed);
        return rc;
    }
    if ((rc = wmap_create(&w, out_path, length, "unseal: output")) == SC_OK) {
        enc_ctx x = {sealed.p + offset, key.p + offset, w.p, 1, -1, NULL};
        par_for(1, length / 32, job_encode, &x);
        long long bad = atomic_load(&x.bad);
        if (bad >= 0) { wmap_abort(&w); rc = bad_node(bad + (long long)(offset / 32), "unseal: replica or key"); }
        else rc = wmap_commit(&w, "unseal: output");
    }
    rmap_close(&sealed);
    rmap_close(&key);
    return rc;
}
