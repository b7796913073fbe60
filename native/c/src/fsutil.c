#include "fsutil.h"
#include "common.h"
#include "sealcore.h"
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fs_temp_name(char *out, size_t n, const char *path) {
    static _Atomic unsigned counter;
    unsigned c = atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
    return sc_format(out, n, "temporary file", "%s.tmp-%ld-%ld-%u", path, (long)getpid(), (long)gettid(), c);
}

int fs_mkdirs(const char *dir) {
    char tmp[SC_PATH_MAX];
    size_t n = dir ? strlen(dir) : 0;
    if (n == 0 || n >= sizeof tmp) return sc_fail(SC_ERR_ARG, "directory name of %zu bytes is not usable", n);
    memcpy(tmp, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (tmp[i] == '/' || tmp[i] == 0) {
            char c = tmp[i];
            tmp[i] = 0;
            if (mkdir(tmp, 0755) != 0 && errno != EEXIST) return sc_fail(SC_ERR_IO, "cannot create directory %s: %s", tmp, strerror(errno));
            tmp[i] = c;
        }
    }
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) return sc_fail(SC_ERR_IO, "%s is not a directory", dir);
    return SC_OK;
}

int fs_write_file_atomic(const char *path, const uint8_t *data, uint64_t len) {
    char tmp[SC_PATH_MAX + 64];
    int rc = fs_temp_name(tmp, sizeof tmp, path);
    if (rc) return rc;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return sc_fail(SC_ERR_IO, "cannot create %s: %s", tmp, strerror(errno));
    uint64_t done = 0;
    while (done < len) {
        size_t want = len - done > (1u << 30) ? (1u << 30) : (size_t)(len - done);
        ssize_t w = write(fd, data + done, want);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) {
            rc = sc_fail(SC_ERR_IO, "write to %s failed: %s", tmp, strerror(errno));
            break;
        }
        done += (uint64_t)w;
    }
    if (!rc && fdatasync(fd) != 0) rc = sc_fail(SC_ERR_IO, "sync of %s failed: %s", tmp, strerror(errno));
    if (close(fd) != 0 && !rc) rc = sc_fail(SC_ERR_IO, "close of %s failed: %s", tmp, strerror(errno));
    if (!rc && rename(tmp, path) != 0) rc = sc_fail(SC_ERR_IO, "rename %s to %s failed: %s", tmp, path, strerror(errno));
    if (rc) unlink(tmp);
    return rc;
}
