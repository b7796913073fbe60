/* The threaded paths at 8 MiB, also run under ThreadSanitizer by `make sanitize`: parent cache
 * generation with 2 threads, multicore SDR (2 producers) in PreCommit1, PreCommit2 with 2
 * worker threads, each read for progress from another thread, and PreCommit1 / PreCommit2
 * cancelled from another thread, which must return SC_CANCELLED and leave no file behind. */
#include "sealcore.h"
#include "check_util.h"
#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    sc_progress *pg;
    int cancel_at_percent; /* < 0: only watch */
    int monotonic;
    uint64_t last;
    _Atomic int stop;
} watcher;

static void *watch(void *arg) {
    watcher *w = arg;
    w->monotonic = 1;
    while (!w->stop) {
        uint64_t done = __atomic_load_n(&w->pg->done, __ATOMIC_RELAXED);
        uint64_t total = __atomic_load_n(&w->pg->total, __ATOMIC_RELAXED);
        if (done < w->last) w->monotonic = 0;
        w->last = done;
        if (w->cancel_at_percent >= 0 && total && done * 100 >= total * (uint64_t)w->cancel_at_percent)
            __atomic_store_n(&w->pg->cancel, 1, __ATOMIC_RELAXED);
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    return NULL;
}

static void start(watcher *w, pthread_t *t, sc_progress *pg, int cancel_at) {
    memset(pg, 0, sizeof *pg);
    memset(w, 0, sizeof *w);
    w->pg = pg;
    w->cancel_at_percent = cancel_at;
    if (pthread_create(t, NULL, watch, w) != 0) { perror("pthread_create"); exit(1); }
}

static void stop(watcher *w, pthread_t t) {
    w->stop = 1;
    pthread_join(t, NULL);
}

/* Files in dir whose name contains part. */
static int count_files(const char *dir, const char *part) {
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' && strstr(e->d_name, part)) n++;
    closedir(d);
    return n;
}

int main(void) {
    char dir[] = "/tmp/sc-test-threads-XXXXXX";
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    char parents[300], cache[300], staged[300], sealed[300], cpath[SC_PATH_MAX];
    snprintf(parents, sizeof parents, "%s/parents", dir);
    snprintf(cache, sizeof cache, "%s/cache", dir);
    snprintf(staged, sizeof staged, "%s/staged", dir);
    snprintf(sealed, sizeof sealed, "%s/sealed", dir);
    uint8_t commp[32];
    CHECK("8 MiB staged sector", sc_add_piece(NULL, 8323072, staged, 8388608, commp, NULL) == SC_OK);

    sc_progress pg;
    watcher w;
    pthread_t t;
    /* parent cache: cancelled half way leaves nothing; then generated with 2 threads */
    mkdir(parents, 0755);
    start(&w, &t, &pg, 0);
    char name[SC_PARENT_CACHE_NAME_MAX];
    CHECK("cache name", sc_parent_cache_name(6, name, sizeof name) == SC_OK);
    snprintf(cpath, sizeof cpath, "%s/%s", parents, name);
    CHECK("cancelled generation", sc_parent_cache_generate(6, cpath, 2, NULL, &pg) == SC_CANCELLED);
    stop(&w, t);
    CHECK("cancelled generation leaves no file", count_files(parents, "") == 0);
    start(&w, &t, &pg, -1);
    uint8_t digest[32];
    CHECK("generation with 2 threads", sc_parent_cache_generate(6, cpath, 2, digest, &pg) == SC_OK);
    stop(&w, t);
    CHECK("generation progress complete and monotonic", w.monotonic && pg.done == pg.total && pg.total == 262144);

    /* PreCommit1 with multicore SDR, watched */
    setenv("FIL_PROOFS_USE_MULTICORE_SDR", "1", 1);
    setenv("FIL_PROOFS_MULTICORE_SDR_PRODUCERS", "2", 1);
    uint8_t prover[32] = {0xe8, 0x07}, ticket[32], comm_d[32], rid[32];
    memset(ticket, 1, 32);
    double st[6];
    start(&w, &t, &pg, -1);
    int rc = sc_pc1(6, parents, staged, cache, prover, 1, ticket, NULL, comm_d, rid, st, &pg);
    stop(&w, t);
    CHECK("multicore PreCommit1", rc == SC_OK && st[5] == 2);
    if (rc) fprintf(stderr, "pc1: %s\n", sc_last_error());
    CHECK("PreCommit1 progress complete and monotonic", w.monotonic && pg.done == pg.total && pg.total == 2 * 262144);

    /* PreCommit2 with 2 threads, watched */
    uint8_t d[32], c[32], rl[32], r[32];
    start(&w, &t, &pg, -1);
    rc = sc_pc2(6, cache, staged, sealed, 2, comm_d, d, c, rl, r, NULL, &pg);
    stop(&w, t);
    CHECK("threaded PreCommit2", rc == SC_OK);
    if (rc) fprintf(stderr, "pc2: %s\n", sc_last_error());
    CHECK("PreCommit2 progress complete and monotonic", w.monotonic && pg.done == pg.total && pg.total == 4 * 262144);
    uint8_t r1[32];
    CHECK("same comm_r with 1 thread", sc_pc2(6, cache, staged, sealed, 1, comm_d, d, c, rl, r1, NULL, NULL) == SC_OK && !memcmp(r, r1, 32));

    /* PreCommit2 cancelled at 30 %: no trees, no replica, no temporary file; layers stay */
    start(&w, &t, &pg, 30);
    rc = sc_pc2(6, cache, staged, sealed, 2, comm_d, d, c, rl, r, NULL, &pg);
    stop(&w, t);
    CHECK("PreCommit2 cancelled", rc == SC_CANCELLED && strstr(sc_last_error(), "cancelled"));
    CHECK("cancelled PreCommit2 leaves no tree", count_files(cache, "tree") == 0 && count_files(cache, "p_aux") == 0);
    CHECK("cancelled PreCommit2 leaves no temporary", count_files(cache, ".tmp-") == 0 && count_files(dir, ".tmp-") == 0);
    CHECK("cancelled PreCommit2 leaves no replica", access(sealed, F_OK) != 0);
    CHECK("the layers stay", count_files(cache, "layer") == 2);

    /* PreCommit1 cancelled in its first layer: no layer file, no temporary */
    char cache2[320];
    snprintf(cache2, sizeof cache2, "%s/cache2", dir);
    start(&w, &t, &pg, 10);
    rc = sc_pc1(6, parents, staged, cache2, prover, 1, ticket, NULL, comm_d, rid, NULL, &pg);
    stop(&w, t);
    CHECK("PreCommit1 cancelled", rc == SC_CANCELLED && strstr(sc_last_error(), "cancelled"));
    CHECK("cancelled PreCommit1 leaves no file", count_files(cache2, "") == 0);
    unsetenv("FIL_PROOFS_USE_MULTICORE_SDR");

    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "cleanup failed\n");
    DONE();
}
