#include "fsutil.h"
#include "common.h"
#include "sealcore.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fs_mkdirs(const char *dir) {
    char tmp[4096];
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
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 64);
    if (!tmp) return sc_fail(SC_ERR_NOMEM, "out of memory writing %s", path);
    snprintf(tmp, plen + 64, "%s.tmp-%d-%lx", path, (int)getpid(), (unsigned long)pthread_self());
    int rc = SC_OK;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        rc = sc_fail(SC_ERR_IO, "cannot create %s: %s", tmp, strerror(errno));
        free(tmp);
        return rc;
    }
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
    free(tmp);
    return rc;
}
