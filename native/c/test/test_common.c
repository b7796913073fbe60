/* Library-wide behaviour: the version, the instruction-set dispatch (and that the fallbacks
 * asked for with SEALCORE_NO_SHANI=1 / SEALCORE_NO_ADX=1 are the ones in use; `make test` runs
 * every test program in each mode, so identical known answers prove identical results), path
 * limits, temporary names and the error message buffer. */
#include "sealcore.h"
#include "../src/common.h"
#include "../src/fsutil.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int passed, failed;
#define CHECK(name, cond) do { if (cond) passed++; else { failed++; fprintf(stderr, "FAIL %s (line %d)\n", name, __LINE__); } } while (0)

static int env_on(const char *name) {
    const char *v = getenv(name);
    return v && v[0] == '1';
}

static void *temp_name_of_thread(void *out) {
    if (fs_temp_name(out, 256, "/x/f") != SC_OK) ((char *)out)[0] = 0;
    return NULL;
}

int main(void) {
    CHECK("version is set", strlen(sc_version()) > 0);
    CHECK("no error at start", strcmp(sc_last_error(), "") == 0);
    printf("sha256: %s, fr_mul: %s\n", sc_sha256_impl(), sc_fr_mul_impl());
    if (env_on("SEALCORE_NO_SHANI")) CHECK("SEALCORE_NO_SHANI=1 gives the portable SHA-256", strcmp(sc_sha256_impl(), "portable") == 0);
    if (env_on("SEALCORE_NO_ADX")) CHECK("SEALCORE_NO_ADX=1 gives the portable Fr multiplication", strcmp(sc_fr_mul_impl(), "portable") == 0);

    /* paths: SC_PATH_MAX - 1 bytes is the longest file path, directories leave room for names */
    char *path = malloc(SC_PATH_MAX + 1);
    memset(path, 'a', SC_PATH_MAX);
    path[0] = '/';
    path[SC_PATH_MAX] = 0;
    uint8_t out[32];
    CHECK("a path of SC_PATH_MAX bytes is rejected", sc_commp_file(path, 127, out) == SC_ERR_ARG && strstr(sc_last_error(), "too long"));
    path[SC_PATH_MAX - 1] = 0;
    CHECK("a path of SC_PATH_MAX - 1 bytes is accepted (and then not found)", sc_commp_file(path, 127, out) == SC_ERR_IO);
    path[SC_PATH_MAX - SC_DIR_RESERVE] = 0;
    char cache_path[SC_PATH_MAX];
    CHECK("a directory that leaves no room for names is rejected",
          sc_parent_cache_ensure(5, path, cache_path, sizeof cache_path, NULL) == SC_ERR_ARG && strstr(sc_last_error(), "too long"));
    CHECK("a NULL path is rejected", sc_commp_file(NULL, 127, out) == SC_ERR_ARG);
    free(path);

    /* temporary names: pid, thread id and a counter */
    char a[256], b[256], c[256];
    CHECK("temp name", fs_temp_name(a, sizeof a, "/x/f") == SC_OK && fs_temp_name(b, sizeof b, "/x/f") == SC_OK);
    char pid[32];
    snprintf(pid, sizeof pid, ".tmp-%ld-", (long)getpid());
    CHECK("temp name carries the pid", strncmp(a, "/x/f", 4) == 0 && strstr(a, pid) == a + 4);
    CHECK("two temp names of one thread differ", strcmp(a, b) != 0);
    pthread_t t;
    CHECK("thread", pthread_create(&t, NULL, temp_name_of_thread, c) == 0 && pthread_join(t, NULL) == 0);
    CHECK("another thread's temp name differs", c[0] && strcmp(c, a) != 0 && strcmp(c, b) != 0);
    CHECK("a temp name that does not fit is an error", fs_temp_name(a, 10, "/x/f") == SC_ERR_ARG);

    /* formatting never truncates silently */
    char small[8];
    CHECK("sc_format rejects truncation", sc_format(small, sizeof small, "test", "%s", "123456789") == SC_ERR_ARG);
    sc_message(small, sizeof small, "%s", "123456789");
    CHECK("sc_message marks a cut message", strcmp(small, "1234...") == 0);
    char longmsg[600];
    memset(longmsg, 'x', sizeof longmsg - 1);
    longmsg[sizeof longmsg - 1] = 0;
    sc_fail(SC_ERR_IO, "%s", longmsg);
    size_t n = strlen(sc_last_error());
    CHECK("a long error message ends in ...", n == 511 && strcmp(sc_last_error() + n - 3, "...") == 0);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
