#include "parents.h"
#include "common.h"
#include "sealcore.h"
#include "sealcore_sdr.h"
#include "sha256.h"
#include "fsutil.h"
#include "progress.h"
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- ChaCha8 keystream (rand_chacha ChaCha8Rng::from_seed, stream 0) ---- */

#define QR(a, b, c, d)                 \
    a += b; d ^= a; d = rotl(d, 16);   \
    c += d; b ^= c; b = rotl(b, 12);   \
    a += b; d ^= a; d = rotl(d, 8);    \
    c += d; b ^= c; b = rotl(b, 7)

static inline uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }
static inline uint32_t le32(const uint8_t *p) { return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static inline uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

static void chacha8_block(const uint32_t key[8], uint64_t counter, uint32_t out[16]) {
    uint32_t in[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574,
                       key[0], key[1], key[2], key[3], key[4], key[5], key[6], key[7],
                       (uint32_t)counter, (uint32_t)(counter >> 32), 0, 0};
    uint32_t x[16];
    memcpy(x, in, sizeof x);
    for (int r = 0; r < 4; r++) {
        QR(x[0], x[4], x[8], x[12]);
        QR(x[1], x[5], x[9], x[13]);
        QR(x[2], x[6], x[10], x[14]);
        QR(x[3], x[7], x[11], x[15]);
        QR(x[0], x[5], x[10], x[15]);
        QR(x[1], x[6], x[11], x[12]);
        QR(x[2], x[7], x[8], x[13]);
        QR(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++) out[i] = x[i] + in[i];
}

/* ---- graph setup ---- */

static int blake2b_table(sdr_graph *g) {
    size_t n = (size_t)1 << g->half_bits;
    g->feistel_table = malloc(3 * n * sizeof(uint32_t));
    if (!g->feistel_table) return sc_fail(SC_ERR_NOMEM, "parent graph: out of memory for the Feistel table");
    EVP_MD *md = EVP_MD_fetch(NULL, "BLAKE2B-512", NULL);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!md || !ctx) {
        EVP_MD_free(md);
        EVP_MD_CTX_free(ctx);
        free(g->feistel_table);
        g->feistel_table = NULL;
        return sc_fail(SC_ERR_IO, "parent graph: OpenSSL has no BLAKE2b-512");
    }
    int ok = 1;
    for (int k = 0; k < 3 && ok; k++) {
        for (size_t r = 0; r < n && ok; r++) {
            uint8_t msg[16], dig[64];
            unsigned len = 0;
            for (int i = 0; i < 8; i++) {
                msg[i] = (uint8_t)((uint64_t)r >> (56 - 8 * i));
                msg[8 + i] = (uint8_t)(g->keys[k] >> (56 - 8 * i));
            }
            ok = EVP_DigestInit_ex2(ctx, md, NULL) && EVP_DigestUpdate(ctx, msg, 16) && EVP_DigestFinal_ex(ctx, dig, &len) && len == 64;
            uint64_t v = 0;
            for (int i = 0; i < 8; i++) v = v << 8 | dig[i];
            g->feistel_table[(size_t)k * n + r] = (uint32_t)(v & g->right_mask);
        }
    }
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
    if (!ok) {
        free(g->feistel_table);
        g->feistel_table = NULL;
        return sc_fail(SC_ERR_IO, "parent graph: BLAKE2b-512 failed in OpenSSL");
    }
    return SC_OK;
}

int graph_init(sdr_graph *g, uint32_t proof) {
    memset(g, 0, sizeof *g);
    int rc = proof_lookup(proof, &g->pi);
    if (rc) return rc;
    uint8_t msg[49], h[32];
    memcpy(msg, "Filecoin_DRSample", 17);
    memcpy(msg + 17, g->pi.porep_id, 32);
    sha256_digest(msg, 49, h);
    memcpy(g->drg_seed, h, 28);
    uint8_t msg2[48];
    memcpy(msg2, "Filecoin_Feistel", 16);
    memcpy(msg2 + 16, g->pi.porep_id, 32);
    sha256_digest(msg2, 48, h);
    for (int k = 0; k < 4; k++) g->keys[k] = le64(h + 8 * k);
    g->num = 8 * g->pi.nodes;
    uint64_t p4 = 4;
    uint32_t l = 1;
    while (p4 < g->num) {
        p4 *= 4;
        l++;
    }
    g->half_bits = l;
    g->right_mask = (1ull << l) - 1;
    g->left_mask = g->right_mask << l;
    return blake2b_table(g);
}

void graph_free(sdr_graph *g) {
    free(g->feistel_table);
    g->feistel_table = NULL;
}

static inline uint64_t feistel_encode(const sdr_graph *g, uint64_t x) {
    uint64_t l = (x & g->left_mask) >> g->half_bits, r = x & g->right_mask;
    const uint32_t *t = g->feistel_table;
    size_t n = (size_t)1 << g->half_bits;
    for (int k = 0; k < 3; k++) {
        uint64_t nl = r, nr = l ^ t[(size_t)k * n + r];
        l = nl;
        r = nr;
    }
    return (l << g->half_bits) | r;
}

void graph_parents(const sdr_graph *g, uint64_t node, uint32_t out[SDR_DEGREE]) {
    uint32_t *base = out;
    if (node < 2) {
        memset(base, 0, 6 * sizeof(uint32_t));
    } else {
        uint32_t key[8], ks[32];
        for (int i = 0; i < 7; i++) key[i] = le32(g->drg_seed + 4 * i);
        key[7] = (uint32_t)node;
        chacha8_block(key, 0, ks);
        chacha8_block(key, 1, ks + 16);
        uint64_t meta = node * 5;
        uint64_t n_buckets = 64 - (uint64_t)__builtin_clzll(meta - 1);
        uint32_t sampled[5];
        for (int i = 0; i < 5; i++) {
            uint64_t r1 = ks[4 * i] | (uint64_t)ks[4 * i + 1] << 32;
            uint64_t r2 = ks[4 * i + 2] | (uint64_t)ks[4 * i + 3] << 32;
            uint64_t b = r1 % n_buckets + 1;
            uint64_t hi = b >= 64 ? meta : (meta < (1ull << b) ? meta : (1ull << b));
            uint64_t lo = hi >> 1 > 2 ? hi >> 1 : 2;
            uint64_t dist = lo + r2 % (hi - lo + 1);
            uint64_t p = (meta - dist) / 5;
            if (p == node) p = node - 1;
            sampled[i] = (uint32_t)p;
        }
        if (g->pi.v1_1) {
            base[0] = (uint32_t)(node - 1);
            memcpy(base + 1, sampled, sizeof sampled);
        } else {
            memcpy(base, sampled, sizeof sampled);
            base[5] = (uint32_t)(node - 1);
        }
    }
    for (int i = 0; i < 8; i++) {
        uint64_t u = feistel_encode(g, node * 8 + (uint64_t)i);
        while (u >= g->num) u = feistel_encode(g, u);
        out[6 + i] = (uint32_t)(g->pi.v1_1 ? u / 8 : (u & 0xffffffffull) / 8);
    }
}

sc_status sc_parents(uint32_t proof, uint64_t node, uint32_t out[SC_PARENTS]) {
    if (!out) return sc_fail(SC_ERR_ARG, "parents: NULL output");
    sdr_graph g;
    int rc = graph_init(&g, proof);
    if (rc) return rc;
    if (node >= g.pi.nodes) {
        graph_free(&g);
        return sc_fail(SC_ERR_ARG, "parents: node %llu is outside the %llu-node graph", (unsigned long long)node, (unsigned long long)g.pi.nodes);
    }
    graph_parents(&g, node, out);
    graph_free(&g);
    return SC_OK;
}

/* ---- cache file name and published digests ---- */

static void hex32(const uint8_t d[32], char out[65]) {
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[64] = 0;
}

static int cache_name(const sdr_graph *g, char out[SC_PARENT_CACHE_NAME_MAX]) {
    char id[256];
    int rc = sc_format(id, sizeof id, "parent cache name",
                       "stacked_graph::StackedGraph{expansion_degree: 8 base_graph: drgraph::BucketGraph{size: %llu; degree: 6; hasher: poseidon_hasher} }",
                       (unsigned long long)g->pi.nodes);
    if (rc) return rc;
    size_t idlen = strlen(id);
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, "poseidon_hasher", 15);
    sha256_update(&c, id, idlen);
    for (int k = 0; k < 4; k++) {
        uint8_t b[8];
        for (int i = 0; i < 8; i++) b[i] = (uint8_t)(g->keys[k] >> (8 * i));
        sha256_update(&c, b, 8);
    }
    uint8_t n4[4];
    for (int i = 0; i < 4; i++) n4[i] = (uint8_t)(g->pi.nodes >> (8 * i));
    sha256_update(&c, n4, 4);
    uint8_t h[32];
    sha256_final(&c, h);
    char hex[65];
    hex32(h, hex);
    return sc_format(out, SC_PARENT_CACHE_NAME_MAX, "parent cache name", "v28-sdr-parent-%s.cache", hex);
}

/* SHA-256 of whole cache files from rust-fil-proofs parent_cache.json, by proof id (NULL: not published). */
static const char *const PUBLISHED_DIGEST[10] = {
    "3da49221e2ed55371b86d0bf3d6526fcf128af61bed904f966428db1b531750d",
    "a76604f2f59f2744c7151653bbb1d8596b6b57d295e6fa6c1f0c41d725b502ce",
    NULL,
    "3c4f9841fcc75aed8c695800e58d08480629f25af3a2aefd81904181d75cc0b6",
    "2778a732ad46a7dc18e0564dfdf59fd321dcde74ab476fd6d3c4e6735d7cd89c",
    "840057702eea7652cf97e04306c30fe57174714d90de156a25eddd6075c25b97",
    "03cd13565ded97c240a5f52e54295ad127bd0461b57904cb3a4d79b097bbecab",
    NULL,
    "93deeac5e3052b6927467d4b2641bb782f05491de18d510147c93eeedd8672da",
    "2698b74eb2606b55b98d8b095e18b6320b47f46e00075956d48640ccd1641b03",
};


/* 1 matches, 0 no published digest, SC_ERR_VERIFY mismatch (error set). */
static int check_published(uint32_t proof, const uint8_t digest[32], const char *path) {
    if (proof >= 10 || !PUBLISHED_DIGEST[proof]) return 0;
    char hex[65];
    hex32(digest, hex);
    if (strcmp(hex, PUBLISHED_DIGEST[proof]) != 0)
        return sc_fail(SC_ERR_VERIFY, "parent cache %s: SHA-256 %s differs from the published %s", path, hex, PUBLISHED_DIGEST[proof]);
    return 1;
}

sc_status sc_parent_cache_name(uint32_t proof, char *out, uint64_t out_len) {
    if (!out) return sc_fail(SC_ERR_ARG, "parent cache name: NULL output");
    sdr_graph g;
    int rc = graph_init(&g, proof);
    if (rc) return rc;
    char name[SC_PARENT_CACHE_NAME_MAX];
    rc = cache_name(&g, name);
    graph_free(&g);
    if (rc) return rc;
    if (strlen(name) + 1 > out_len) return sc_fail(SC_ERR_ARG, "parent cache name: buffer of %llu bytes is too small", (unsigned long long)out_len);
    memcpy(out, name, strlen(name) + 1);
    return SC_OK;
}

/* ---- generation ---- */

typedef struct {
    const sdr_graph *g;
    uint32_t *buf;
    uint64_t first, count;
} gen_job;

static void *gen_worker(void *arg) {
    gen_job *j = arg;
    for (uint64_t i = 0; i < j->count; i++) graph_parents(j->g, j->first + i, j->buf + SDR_DEGREE * i);
    return NULL;
}

#define GEN_BATCH (1ull << 20)
#define GEN_MAX_THREADS 256

/* Fills buf with parents for [first, first+count) using nt threads (started, not joined). */
static int gen_start(const sdr_graph *g, uint32_t *buf, uint64_t first, uint64_t count, unsigned nt,
                     gen_job *jobs, pthread_t *tids, unsigned *started) {
    *started = 0;
    uint64_t per = (count + nt - 1) / nt;
    for (unsigned t = 0; t < nt; t++) {
        uint64_t a = (uint64_t)t * per;
        if (a >= count) break;
        jobs[t] = (gen_job){g, buf + SDR_DEGREE * a, first + a, count - a < per ? count - a : per};
        if (pthread_create(&tids[t], NULL, gen_worker, &jobs[t]) != 0) {
            gen_worker(&jobs[t]);
            tids[t] = 0;
        }
        (*started)++;
    }
    return SC_OK;
}

static void gen_join(pthread_t *tids, unsigned started) {
    for (unsigned t = 0; t < started; t++)
        if (tids[t]) pthread_join(tids[t], NULL);
}

/* Generation with progress: units are nodes, counted on top of what pg->done already holds
 * (PreCommit1 counts the generation as part of its own work). */
static int generate(uint32_t proof, const char *path, uint32_t threads, uint8_t digest_out[32], sc_progress *pg) {
    int rc = sc_check_path("parent cache", path);
    if (rc) return rc;
    sdr_graph g;
    rc = graph_init(&g, proof);
    if (rc) return rc;
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned nt = threads ? threads : (online > 0 ? (unsigned)online : 1);
    if (nt > GEN_MAX_THREADS) nt = GEN_MAX_THREADS;
    uint64_t nodes = g.pi.nodes, batch = nodes < GEN_BATCH ? nodes : GEN_BATCH;
    char tmp[SC_PATH_MAX + 64];
    if ((rc = fs_temp_name(tmp, sizeof tmp, path)) != SC_OK) {
        graph_free(&g);
        return rc;
    }
    uint32_t *buf[2] = {malloc(batch * SDR_DEGREE * 4), malloc(batch * SDR_DEGREE * 4)};
    if (!buf[0] || !buf[1]) {
        free(buf[0]); free(buf[1]);
        graph_free(&g);
        return sc_fail(SC_ERR_NOMEM, "parent cache: out of memory");
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        rc = sc_fail(SC_ERR_IO, "parent cache: cannot create %s: %s", tmp, strerror(errno));
        free(buf[0]); free(buf[1]);
        graph_free(&g);
        return rc;
    }
    sha256_ctx hc;
    sha256_init(&hc);
    gen_job jobs[GEN_MAX_THREADS];
    pthread_t tids[GEN_MAX_THREADS];
    unsigned started;
    gen_start(&g, buf[0], 0, batch, nt, jobs, tids, &started);
    for (uint64_t first = 0; first < nodes && !rc; first += batch) {
        gen_join(tids, started);
        started = 0;
        if (progress_cancelled(pg)) {
            rc = sc_fail(SC_CANCELLED, "parent cache: cancelled");
            break;
        }
        int cur = (int)((first / batch) & 1);
        if (first + batch < nodes) gen_start(&g, buf[cur ^ 1], first + batch, batch, nt, jobs, tids, &started);
        size_t bytes = (size_t)batch * SDR_DEGREE * 4;
        sha256_update(&hc, buf[cur], bytes);
        const uint8_t *p = (const uint8_t *)buf[cur];
        size_t done = 0;
        while (done < bytes) {
            ssize_t w = write(fd, p + done, bytes - done);
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) {
                rc = sc_fail(SC_ERR_IO, "parent cache: write to %s failed: %s", tmp, strerror(errno));
                break;
            }
            done += (size_t)w;
        }
        progress_add(pg, batch);
    }
    gen_join(tids, started);
    uint8_t digest[32];
    sha256_final(&hc, digest);
    if (!rc && fdatasync(fd) != 0) rc = sc_fail(SC_ERR_IO, "parent cache: sync %s failed: %s", tmp, strerror(errno));
    if (close(fd) != 0 && !rc) rc = sc_fail(SC_ERR_IO, "parent cache: close %s failed: %s", tmp, strerror(errno));
    if (!rc) {
        int c = check_published(proof, digest, path);
        if (c < 0) rc = c;
    }
    if (!rc && rename(tmp, path) != 0) rc = sc_fail(SC_ERR_IO, "parent cache: rename %s to %s failed: %s", tmp, path, strerror(errno));
    if (rc) unlink(tmp);
    if (!rc && digest_out) memcpy(digest_out, digest, 32);
    free(buf[0]); free(buf[1]);
    graph_free(&g);
    return rc;
}

sc_status sc_parent_cache_generate(uint32_t proof, const char *path, uint32_t threads, uint8_t digest_out[32],
                                   sc_progress *progress) {
    proof_info pi;
    int rc = proof_lookup(proof, &pi);
    if (rc) return rc;
    progress_start(progress, pi.nodes);
    progress_phase(progress, SC_PHASE_PARENT_CACHE, 0);
    rc = generate(proof, path, threads, digest_out, progress);
    if (rc == SC_OK) {
        progress_phase(progress, SC_PHASE_DONE, 0);
        progress_finish(progress);
    }
    return rc;
}

int parent_cache_map(uint32_t proof, const char *path, parent_cache *pc) {
    memset(pc, 0, sizeof *pc);
    proof_info pi;
    int rc = proof_lookup(proof, &pi);
    if (rc) return rc;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return sc_fail(SC_ERR_IO, "parent cache: cannot open %s: %s", path, strerror(errno));
    struct stat sb;
    uint64_t want = pi.nodes * SDR_DEGREE * 4;
    if (fstat(fd, &sb) != 0 || (uint64_t)sb.st_size != want) {
        close(fd);
        return sc_fail(SC_ERR_VERIFY, "parent cache %s: size %lld, need %llu bytes", path, (long long)sb.st_size, (unsigned long long)want);
    }
    void *m = mmap(NULL, want, PROT_READ, MAP_SHARED, fd, 0);
    int err = errno;
    (void)close(fd); /* read-only: nothing to lose */
    if (m == MAP_FAILED) return sc_fail(SC_ERR_IO, "parent cache: cannot map %s: %s", path, strerror(err));
    (void)madvise(m, want, MADV_WILLNEED); /* a read-ahead hint */
    pc->p = m;
    pc->nodes = pi.nodes;
    pc->map_len = want;
    return SC_OK;
}

void parent_cache_close(parent_cache *pc) {
    if (pc->p) munmap((void *)pc->p, pc->map_len);
    pc->p = NULL;
}

sc_status sc_parent_cache_verify(uint32_t proof, const char *path, uint8_t digest_out[32], uint32_t *published_out) {
    int rc = sc_check_path("parent cache", path);
    if (rc) return rc;
    parent_cache pc;
    rc = parent_cache_map(proof, path, &pc);
    if (rc) return rc;
    uint8_t d[32];
    sha256_digest((const uint8_t *)pc.p, pc.map_len, d);
    parent_cache_close(&pc);
    if (digest_out) memcpy(digest_out, d, 32);
    rc = check_published(proof, d, path);
    if (rc < 0) return rc;
    if (published_out) *published_out = (uint32_t)rc;
    return SC_OK;
}

int parent_cache_path(uint32_t proof, const char *dir, char *out, size_t out_len) {
    int rc = sc_check_dir("parent cache directory", dir);
    if (rc) return rc;
    char name[SC_PARENT_CACHE_NAME_MAX];
    rc = sc_parent_cache_name(proof, name, sizeof name);
    if (rc) return rc;
    return sc_format(out, out_len, "parent cache path", "%s/%s", dir, name);
}

int parent_cache_present(const proof_info *pi, const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0 && (uint64_t)sb.st_size == pi->nodes * SDR_DEGREE * 4;
}

static pthread_mutex_t ensure_lock = PTHREAD_MUTEX_INITIALIZER;

/* Ensures the cache file at path (in dir); progress counts generation units on top of pg->done. */
static int ensure(uint32_t proof, const char *dir, const char *path, sc_progress *pg) {
    proof_info pi;
    int rc = proof_lookup(proof, &pi);
    if (rc) return rc;
    if ((rc = pthread_mutex_lock(&ensure_lock)) != 0) return sc_fail(SC_ERR_IO, "parent cache: lock failed: %s", strerror(rc));
    if (!parent_cache_present(&pi, path)) {
        rc = fs_mkdirs(dir);
        if (!rc) rc = generate(proof, path, 0, NULL, pg);
    }
    (void)pthread_mutex_unlock(&ensure_lock); /* cannot fail for a lock this thread holds */
    return rc;
}

sc_status sc_parent_cache_ensure(uint32_t proof, const char *dir, char *path_out, uint64_t path_len,
                                 sc_progress *progress) {
    if (!path_out) return sc_fail(SC_ERR_ARG, "parent cache: NULL argument");
    int rc = parent_cache_path(proof, dir, path_out, (size_t)path_len);
    if (rc) return rc;
    proof_info pi;
    if ((rc = proof_lookup(proof, &pi)) != SC_OK) return rc;
    progress_start(progress, parent_cache_present(&pi, path_out) ? 0 : pi.nodes);
    progress_phase(progress, SC_PHASE_PARENT_CACHE, 0);
    rc = ensure(proof, dir, path_out, progress);
    if (rc == SC_OK) {
        progress_phase(progress, SC_PHASE_DONE, 0);
        progress_finish(progress);
    }
    return rc;
}

int parent_cache_open(uint32_t proof, const char *dir, parent_cache *pc, sc_progress *pg) {
    char path[SC_PATH_MAX];
    int rc = parent_cache_path(proof, dir, path, sizeof path);
    if (rc) return rc;
    rc = ensure(proof, dir, path, pg);
    if (rc) return rc;
    return parent_cache_map(proof, path, pc);
}
