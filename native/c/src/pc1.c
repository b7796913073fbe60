#include "common.h"
#include "fsutil.h"
#include "labels.h"
#include "parents.h"
#include "progress.h"
#include "sealcore.h"
#include "sealcore_sdr.h"
#include "sha256.h"
#include "trees.h"
#include <errno.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

sc_status sc_sha256_openssl_rate(double seconds, double *bytes_per_second) {
    if (!bytes_per_second) return sc_fail(SC_ERR_ARG, "SHA-256 rate: NULL output");
    if (!(seconds > 0 && seconds <= 60)) return sc_fail(SC_ERR_ARG, "SHA-256 rate: seconds %.3f outside (0, 60]", seconds);
    static uint8_t buf[8192];
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const EVP_MD *md = EVP_sha256();
    if (!ctx) return sc_fail(SC_ERR_NOMEM, "SHA-256 rate: out of memory");
    uint8_t out[32];
    unsigned len;
    uint64_t count = 0;
    int ok = 1;
    double t0 = now_s(), t;
    do {
        for (int i = 0; i < 64 && ok; i++)
            ok = EVP_DigestInit_ex(ctx, md, NULL) && EVP_DigestUpdate(ctx, buf, sizeof buf) &&
                 EVP_DigestFinal_ex(ctx, out, &len);
        count += 64;
        t = now_s();
    } while (ok && t - t0 < seconds);
    EVP_MD_CTX_free(ctx);
    if (!ok) return sc_fail(SC_ERR_IO, "SHA-256 rate: OpenSSL SHA-256 failed");
    *bytes_per_second = (double)count * sizeof buf / (t - t0);
    return SC_OK;
}

/* Writes a layer file while the layer is being labelled: it follows `avail` (bytes labelled so
 * far), writes them and starts their writeback, then fdatasyncs and renames the file. When
 * `abort` is set it stops and removes its temporary file. */
typedef struct {
    char path[SC_PATH_MAX];
    char tmp[SC_PATH_MAX + 64];
    const uint8_t *data;
    uint64_t len;
    _Atomic uint64_t avail;
    _Atomic int abort;
    int rc;
    char err[512];
    pthread_t tid;
    int running;
} layer_writer;

static void *writer_main(void *arg) {
    layer_writer *w = arg;
    const char *tmp = w->tmp;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        w->rc = SC_ERR_IO;
        sc_message(w->err, sizeof w->err, "cannot create %s: %s", tmp, strerror(errno));
        return NULL;
    }
    uint64_t done = 0;
    while (done < w->len && !w->rc && !atomic_load(&w->abort)) {
        uint64_t avail = atomic_load_explicit(&w->avail, memory_order_acquire);
        if (avail == done) {
            struct timespec ts = {0, 2000000};
            nanosleep(&ts, NULL);
            continue;
        }
        while (done < avail) {
            size_t want = avail - done > (64u << 20) ? (64u << 20) : (size_t)(avail - done);
            ssize_t n = pwrite(fd, w->data + done, want, (off_t)done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                w->rc = SC_ERR_IO;
                sc_message(w->err, sizeof w->err, "write to %s failed: %s", tmp, strerror(errno));
                break;
            }
            /* only a hint to start writeback early; fdatasync below is what must succeed */
            (void)sync_file_range(fd, (off_t)done, n, SYNC_FILE_RANGE_WRITE);
            done += (uint64_t)n;
        }
    }
    int aborted = atomic_load(&w->abort);
    if (!w->rc && !aborted && fdatasync(fd) != 0) {
        w->rc = SC_ERR_IO;
        sc_message(w->err, sizeof w->err, "sync of %s failed: %s", tmp, strerror(errno));
    }
    if (close(fd) != 0 && !w->rc && !aborted) {
        w->rc = SC_ERR_IO;
        sc_message(w->err, sizeof w->err, "close of %s failed: %s", tmp, strerror(errno));
    }
    if (!w->rc && !aborted && rename(tmp, w->path) != 0) {
        w->rc = SC_ERR_IO;
        sc_message(w->err, sizeof w->err, "rename %s to %s failed: %s", tmp, w->path, strerror(errno));
    }
    if (w->rc || aborted) unlink(tmp);
    return NULL;
}

/* Waits for a writer whose layer is complete; its error, if any. */
static int writer_join(layer_writer *w) {
    if (!w->running) return SC_OK;
    int e = pthread_join(w->tid, NULL);
    w->running = 0;
    if (e != 0) return sc_fail(SC_ERR_IO, "PreCommit1: cannot join the writer of %s: %s", w->path, strerror(e));
    return w->rc ? sc_fail(w->rc, "%s", w->err) : SC_OK;
}

/* Stops a writer without finishing its file (its temporary file is removed). */
static void writer_abort(layer_writer *w) {
    if (!w->running) return;
    atomic_store(&w->abort, 1);
    (void)pthread_join(w->tid, NULL); /* failing already: keep the first error */
    w->running = 0;
}

/* Nodes labelled between two looks at the cancel flag, two progress updates and two hand-offs
 * to the layer writer: 4 MiB of labels. */
#define LABEL_CHUNK_NODES (1ull << 17)

typedef struct {
    const char *path;
    uint64_t size;
    uint8_t comm_d[32];
    int rc;
    char err[512];
    pthread_t tid;
    _Atomic int done;
} commd_job;

static void *commd_main(void *arg) {
    commd_job *j = arg;
    j->rc = sc_comm_d_file(j->path, j->size, j->comm_d);
    if (j->rc) sc_message(j->err, sizeof j->err, "%s", sc_last_error());
    atomic_store(&j->done, 1);
    return NULL;
}

static int commd_result(const commd_job *j, const uint8_t *expected) {
    if (j->rc) return sc_fail(j->rc, "%s", j->err);
    if (memcmp(j->comm_d, expected, 32) != 0)
        return sc_fail(SC_ERR_VERIFY, "PreCommit1: comm_d of %s does not match the pieces' comm_d", j->path);
    return SC_OK;
}

static uint8_t *alloc_layer(uint64_t bytes) {
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, bytes, MADV_HUGEPAGE); /* a hint: without huge pages it is only slower */
#endif
    return p;
}

static unsigned multicore_producers(void) {
    const char *on = getenv("FIL_PROOFS_USE_MULTICORE_SDR");
    if (!on || !(strcmp(on, "1") == 0 || strcmp(on, "true") == 0)) return 0;
    const char *np = getenv("FIL_PROOFS_MULTICORE_SDR_PRODUCERS");
    char *end = NULL;
    long v = np ? strtol(np, &end, 10) : 3;
    if (np && (end == np || *end != 0)) v = 3; /* not a number: the default */
    if (v < 1) v = 1;
    if (v > 64) v = 64;
    return (unsigned)v;
}

/* Removes the layer files PreCommit1 writes (after a failure or cancellation). */
static void remove_layers(const char *cache_dir, uint32_t layers) {
    for (uint32_t layer = 1; layer <= layers; layer++) {
        char path[SC_PATH_MAX];
        if (layer_file(path, sizeof path, cache_dir, layer) == SC_OK) unlink(path);
    }
}

sc_status sc_pc1(uint32_t proof, const char *parent_cache_dir, const char *staged_path,
           const char *cache_dir, const uint8_t prover_id[32], uint64_t sector_id,
           const uint8_t ticket[32], const uint8_t *expected_comm_d, uint8_t comm_d_out[32],
           uint8_t replica_id_out[32], double stats_out[6], sc_progress *pg) {
    if (!prover_id || !ticket || !comm_d_out || !replica_id_out)
        return sc_fail(SC_ERR_ARG, "PreCommit1: NULL argument");
    proof_info pi;
    int rc = proof_lookup(proof, &pi);
    if (rc) return rc;
    /* without a staged sector (only with the expected comm_d) the layers of an already sealed
     * sector are regenerated, as unsealing needs them: the labels depend on the replica id alone */
    if (!staged_path && !expected_comm_d)
        return sc_fail(SC_ERR_ARG, "PreCommit1: a staged sector or the expected comm_d is required");
    if ((rc = sc_check_dir("PreCommit1: parent cache directory", parent_cache_dir)) != SC_OK ||
        (staged_path && (rc = sc_check_path("PreCommit1: staged sector", staged_path)) != SC_OK) ||
        (rc = sc_check_dir("PreCommit1: cache directory", cache_dir)) != SC_OK)
        return rc;
    struct stat sb;
    if (staged_path && stat(staged_path, &sb) != 0)
        return sc_fail(SC_ERR_IO, "PreCommit1: cannot read staged sector %s: %s", staged_path, strerror(errno));
    if (staged_path && (uint64_t)sb.st_size != pi.sector_size)
        return sc_fail(SC_ERR_IO, "PreCommit1: staged sector %s has %lld bytes, need %llu", staged_path, (long long)sb.st_size, (unsigned long long)pi.sector_size);
    char cache_path[SC_PATH_MAX];
    if ((rc = parent_cache_path(proof, parent_cache_dir, cache_path, sizeof cache_path)) != SC_OK) return rc;
    /* the units of this call: the parent cache when it must be generated, then every layer */
    uint64_t cache_units = parent_cache_present(&pi, cache_path) ? 0 : pi.nodes;
    progress_start(pg, cache_units + (uint64_t)pi.layers * pi.nodes);
    double t0 = now_s();
    uint8_t comm_d[32], replica_id[32];
    commd_job cj = {.path = staged_path, .size = pi.sector_size};
    int cj_running = 0;
    if (expected_comm_d && !staged_path) {
        memcpy(comm_d, expected_comm_d, 32);
    } else if (expected_comm_d) {
        /* the replica id only needs comm_d: take the pieces' value and check the staged bytes
         * against it on another thread while labelling runs */
        memcpy(comm_d, expected_comm_d, 32);
        atomic_init(&cj.done, 0);
        if (pthread_create(&cj.tid, NULL, commd_main, &cj) == 0) cj_running = 1;
        else commd_main(&cj);
        if (!cj_running && (rc = commd_result(&cj, expected_comm_d))) return rc;
    } else {
        progress_phase(pg, SC_PHASE_COMM_D, 0);
        rc = sc_comm_d_file(staged_path, pi.sector_size, comm_d);
        if (rc) return rc;
    }
    if ((rc = sc_replica_id(prover_id, sector_id, ticket, comm_d, pi.porep_id, replica_id)) == SC_OK)
        rc = fs_mkdirs(cache_dir);
    if (rc) {
        if (cj_running) (void)pthread_join(cj.tid, NULL);
        return rc;
    }
    double t1 = now_s();
    parent_cache pc;
    progress_phase(pg, SC_PHASE_PARENT_CACHE, 0);
    rc = parent_cache_open(proof, parent_cache_dir, &pc, pg);
    if (rc) {
        if (cj_running) (void)pthread_join(cj.tid, NULL);
        return rc;
    }
    double t2 = now_s();
    uint64_t layer_bytes = pi.nodes * 32;
    uint8_t *buf[2] = {alloc_layer(layer_bytes), alloc_layer(layer_bytes)};
    layer_writer *wr = calloc(2, sizeof *wr);
    unsigned producers = multicore_producers();
    double label_s = 0, wait_s = 0;
    if (!buf[0] || !buf[1] || !wr)
        rc = sc_fail(SC_ERR_NOMEM, "PreCommit1: cannot allocate 2 x %llu bytes for layers", (unsigned long long)layer_bytes);
    for (uint32_t layer = 1; layer <= pi.layers && !rc; layer++) {
        int cur = (int)(layer & 1);
        double w0 = now_s();
        rc = writer_join(&wr[cur]); /* the buffer of layer - 2 */
        if (!rc && cj_running && atomic_load(&cj.done)) {
            (void)pthread_join(cj.tid, NULL); /* the thread has returned */
            cj_running = 0;
            rc = commd_result(&cj, expected_comm_d);
        }
        wait_s += now_s() - w0;
        if (rc) break;
        progress_phase(pg, SC_PHASE_LABELLING, layer);
        const uint8_t *prev = layer > 1 ? buf[cur ^ 1] : NULL;
        layer_writer *w = &wr[cur];
        if ((rc = layer_file(w->path, sizeof w->path, cache_dir, layer)) != SC_OK) break;
        if ((rc = fs_temp_name(w->tmp, sizeof w->tmp, w->path)) != SC_OK) break;
        w->data = buf[cur];
        w->len = layer_bytes;
        w->rc = 0;
        atomic_store(&w->avail, 0);
        atomic_store(&w->abort, 0);
        if (pthread_create(&w->tid, NULL, writer_main, w) != 0) {
            rc = sc_fail(SC_ERR_NOMEM, "PreCommit1: cannot start the writer thread for layer %u", layer);
            break;
        }
        w->running = 1;
        double l0 = now_s();
        for (uint64_t first = 0; first < pi.nodes && !rc; first += LABEL_CHUNK_NODES) {
            if (progress_cancelled(pg)) {
                rc = sc_fail(SC_CANCELLED, "PreCommit1: cancelled in layer %u", layer);
                break;
            }
            uint64_t end = pi.nodes - first < LABEL_CHUNK_NODES ? pi.nodes : first + LABEL_CHUNK_NODES;
            rc = sdr_label_range_multicore(replica_id, layer, first, end, pc.p, prev, buf[cur], producers);
            atomic_store_explicit(&w->avail, end * 32, memory_order_release);
            progress_add(pg, end - first);
        }
        label_s += now_s() - l0;
    }
    double w0 = now_s();
    for (int i = 0; wr && i < 2; i++) {
        if (rc) {
            writer_abort(&wr[i]);
        } else {
            int r = writer_join(&wr[i]);
            if (!rc) rc = r;
        }
    }
    wait_s += now_s() - w0;
    double commd_wait = 0;
    if (cj_running) {
        double j0 = now_s();
        (void)pthread_join(cj.tid, NULL);
        commd_wait = now_s() - j0;
        int r = commd_result(&cj, expected_comm_d);
        if (!rc) rc = r;
    }
    if (rc) {
        char msg[512];
        sc_message(msg, sizeof msg, "%s", sc_last_error());
        remove_layers(cache_dir, pi.layers);
        sc_fail(rc, "%s", msg);
    }
    free(wr);
    if (buf[0]) munmap(buf[0], layer_bytes);
    if (buf[1]) munmap(buf[1], layer_bytes);
    parent_cache_close(&pc);
    if (rc) return rc;
    memcpy(comm_d_out, comm_d, 32);
    memcpy(replica_id_out, replica_id, 32);
    if (stats_out) {
        stats_out[0] = t1 - t0 + commd_wait;
        stats_out[1] = t2 - t1;
        stats_out[2] = label_s;
        stats_out[3] = wait_s;
        stats_out[4] = (double)sdr_layer_compressions(pi.nodes) * pi.layers;
        stats_out[5] = producers;
    }
    progress_phase(pg, SC_PHASE_DONE, 0);
    progress_finish(pg);
    return SC_OK;
}
