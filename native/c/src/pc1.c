#include "common.h"
#include "fsutil.h"
#include "labels.h"
#include "parents.h"
#include "sealcore.h"
#include "sealcore_sdr.h"
#include "sha256.h"
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

const char *sc_sha256_impl(void) { return sha256_uses_shani() ? "sha-ni" : "portable"; }

int sc_sha256_openssl_rate(double seconds, double *bytes_per_second) {
    if (!bytes_per_second) return sc_fail(SC_ERR_ARG, "SHA-256 rate: NULL output");
    if (!(seconds > 0 && seconds <= 60)) return sc_fail(SC_ERR_ARG, "SHA-256 rate: seconds %.3f outside (0, 60]", seconds);
    static uint8_t buf[8192];
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const EVP_MD *md = EVP_sha256();
    if (!ctx) return sc_fail(SC_ERR_NOMEM, "SHA-256 rate: out of memory");
    uint8_t out[32];
    unsigned len;
    uint64_t count = 0;
    double t0 = now_s(), t;
    do {
        for (int i = 0; i < 64; i++) {
            EVP_DigestInit_ex(ctx, md, NULL);
            EVP_DigestUpdate(ctx, buf, sizeof buf);
            EVP_DigestFinal_ex(ctx, out, &len);
        }
        count += 64;
        t = now_s();
    } while (t - t0 < seconds);
    EVP_MD_CTX_free(ctx);
    *bytes_per_second = (double)count * sizeof buf / (t - t0);
    return SC_OK;
}

/* Writes a layer file while the layer is being labelled: it follows `avail` (bytes labelled so
 * far), writes them and starts their writeback, then fdatasyncs and renames the file. */
typedef struct {
    char path[4200];
    const uint8_t *data;
    uint64_t len;
    _Atomic uint64_t avail;
    int rc;
    char err[8800];
    pthread_t tid;
    int running;
} layer_writer;

static void *writer_main(void *arg) {
    layer_writer *w = arg;
    char tmp[4300];
    snprintf(tmp, sizeof tmp, "%s.tmp-%d-%lx", w->path, (int)getpid(), (unsigned long)pthread_self());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        w->rc = SC_ERR_IO;
        snprintf(w->err, sizeof w->err, "cannot create %s: %s", tmp, strerror(errno));
        return NULL;
    }
    uint64_t done = 0;
    while (done < w->len && !w->rc) {
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
                snprintf(w->err, sizeof w->err, "write to %s failed: %s", tmp, strerror(errno));
                break;
            }
            sync_file_range(fd, (off_t)done, n, SYNC_FILE_RANGE_WRITE);
            done += (uint64_t)n;
        }
    }
    if (!w->rc && fdatasync(fd) != 0) {
        w->rc = SC_ERR_IO;
        snprintf(w->err, sizeof w->err, "sync of %s failed: %s", tmp, strerror(errno));
    }
    if (close(fd) != 0 && !w->rc) {
        w->rc = SC_ERR_IO;
        snprintf(w->err, sizeof w->err, "close of %s failed: %s", tmp, strerror(errno));
    }
    if (!w->rc && rename(tmp, w->path) != 0) {
        w->rc = SC_ERR_IO;
        snprintf(w->err, sizeof w->err, "rename %s to %s failed: %s", tmp, w->path, strerror(errno));
    }
    if (w->rc) unlink(tmp);
    return NULL;
}

static int writer_join(layer_writer *w) {
    if (!w->running) return SC_OK;
    atomic_store(&w->avail, w->len); /* lets a writer whose layer failed finish */
    pthread_join(w->tid, NULL);
    w->running = 0;
    return w->rc ? sc_fail(w->rc, "%s", w->err) : SC_OK;
}

#define LABEL_CHUNK_NODES (1ull << 20) /* progress step for the layer writer: 32 MiB */

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
    if (j->rc) snprintf(j->err, sizeof j->err, "%s", sc_last_error());
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
    madvise(p, bytes, MADV_HUGEPAGE);
#endif
    return p;
}

static unsigned multicore_producers(void) {
    const char *on = getenv("FIL_PROOFS_USE_MULTICORE_SDR");
    if (!on || !(strcmp(on, "1") == 0 || strcmp(on, "true") == 0)) return 0;
    const char *np = getenv("FIL_PROOFS_MULTICORE_SDR_PRODUCERS");
    long v = np ? strtol(np, NULL, 10) : 3;
    if (v < 1) v = 1;
    if (v > 64) v = 64;
    return (unsigned)v;
}

int sc_pc1(uint32_t proof, const char *parent_cache_dir, const char *staged_path,
           const char *cache_dir, const uint8_t prover_id[32], uint64_t sector_id,
           const uint8_t ticket[32], const uint8_t *expected_comm_d, uint8_t comm_d_out[32],
           uint8_t replica_id_out[32], double stats_out[6]) {
    if (!parent_cache_dir || !staged_path || !cache_dir || !prover_id || !ticket || !comm_d_out || !replica_id_out)
        return sc_fail(SC_ERR_ARG, "PreCommit1: NULL argument");
    proof_info pi;
    int rc = proof_lookup(proof, &pi);
    if (rc) return rc;
    if (strlen(cache_dir) > 4000) return sc_fail(SC_ERR_ARG, "PreCommit1: cache directory name is too long");
    struct stat sb;
    if (stat(staged_path, &sb) != 0)
        return sc_fail(SC_ERR_IO, "PreCommit1: cannot read staged sector %s: %s", staged_path, strerror(errno));
    if ((uint64_t)sb.st_size != pi.sector_size)
        return sc_fail(SC_ERR_IO, "PreCommit1: staged sector %s has %lld bytes, need %llu", staged_path, (long long)sb.st_size, (unsigned long long)pi.sector_size);
    double t0 = now_s();
    uint8_t comm_d[32], replica_id[32];
    commd_job cj = {.path = staged_path, .size = pi.sector_size};
    int cj_running = 0;
    if (expected_comm_d) {
        /* the replica id only needs comm_d: take the pieces' value and check the staged bytes
         * against it on another thread while labelling runs */
        memcpy(comm_d, expected_comm_d, 32);
        atomic_init(&cj.done, 0);
        if (pthread_create(&cj.tid, NULL, commd_main, &cj) == 0) cj_running = 1;
        else commd_main(&cj);
        if (!cj_running && (rc = commd_result(&cj, expected_comm_d))) return rc;
    } else {
        rc = sc_comm_d_file(staged_path, pi.sector_size, comm_d);
        if (rc) return rc;
    }
    sc_replica_id(prover_id, sector_id, ticket, comm_d, pi.porep_id, replica_id);
    rc = fs_mkdirs(cache_dir);
    if (rc) {
        if (cj_running) pthread_join(cj.tid, NULL);
        return rc;
    }
    double t1 = now_s();
    parent_cache pc;
    rc = parent_cache_open(proof, parent_cache_dir, &pc);
    if (rc) {
        if (cj_running) pthread_join(cj.tid, NULL);
        return rc;
    }
    double t2 = now_s();
    uint64_t layer_bytes = pi.nodes * 32;
    uint8_t *buf[2] = {alloc_layer(layer_bytes), alloc_layer(layer_bytes)};
    if (!buf[0] || !buf[1]) {
        if (buf[0]) munmap(buf[0], layer_bytes);
        if (buf[1]) munmap(buf[1], layer_bytes);
        parent_cache_close(&pc);
        if (cj_running) pthread_join(cj.tid, NULL);
        return sc_fail(SC_ERR_NOMEM, "PreCommit1: cannot allocate 2 x %llu bytes for layers", (unsigned long long)layer_bytes);
    }
    unsigned producers = multicore_producers();
    layer_writer *wr = calloc(2, sizeof *wr);
    if (!wr) {
        munmap(buf[0], layer_bytes);
        munmap(buf[1], layer_bytes);
        parent_cache_close(&pc);
        if (cj_running) pthread_join(cj.tid, NULL);
        return sc_fail(SC_ERR_NOMEM, "PreCommit1: out of memory");
    }
    double label_s = 0, wait_s = 0;
    for (uint32_t layer = 1; layer <= pi.layers && !rc; layer++) {
        int cur = (int)(layer & 1);
        double w0 = now_s();
        rc = writer_join(&wr[cur]); /* the buffer of layer - 2 */
        if (!rc && cj_running && atomic_load(&cj.done)) {
            pthread_join(cj.tid, NULL);
            cj_running = 0;
            rc = commd_result(&cj, expected_comm_d);
        }
        wait_s += now_s() - w0;
        if (rc) break;
        const uint8_t *prev = layer > 1 ? buf[cur ^ 1] : NULL;
        layer_writer *w = &wr[cur];
        snprintf(w->path, sizeof w->path, "%s/sc-02-data-layer-%u.dat", cache_dir, layer);
        w->data = buf[cur];
        w->len = layer_bytes;
        w->rc = 0;
        atomic_store(&w->avail, 0);
        if (pthread_create(&w->tid, NULL, writer_main, w) != 0) {
            rc = sc_fail(SC_ERR_NOMEM, "PreCommit1: cannot start the writer thread for layer %u", layer);
            break;
        }
        w->running = 1;
        double l0 = now_s();
        for (uint64_t first = 0; first < pi.nodes && !rc; first += LABEL_CHUNK_NODES) {
            uint64_t end = pi.nodes - first < LABEL_CHUNK_NODES ? pi.nodes : first + LABEL_CHUNK_NODES;
            rc = sdr_label_range_multicore(replica_id, layer, first, end, pc.p, prev, buf[cur], producers);
            atomic_store_explicit(&w->avail, end * 32, memory_order_release);
        }
        label_s += now_s() - l0;
        if (rc) break;
    }
    double w0 = now_s();
    for (int i = 0; i < 2; i++) {
        int r = writer_join(&wr[i]);
        if (!rc) rc = r;
    }
    wait_s += now_s() - w0;
    double commd_wait = 0;
    if (cj_running) {
        double j0 = now_s();
        pthread_join(cj.tid, NULL);
        commd_wait = now_s() - j0;
        int r = commd_result(&cj, expected_comm_d);
        if (!rc) rc = r;
    }
    if (rc) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", sc_last_error());
        for (uint32_t layer = 1; layer <= pi.layers; layer++) {
            char path[4200];
            snprintf(path, sizeof path, "%s/sc-02-data-layer-%u.dat", cache_dir, layer);
            unlink(path);
        }
        sc_fail(rc, "%s", msg);
    }
    free(wr);
    munmap(buf[0], layer_bytes);
    munmap(buf[1], layer_bytes);
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
    return SC_OK;
}
