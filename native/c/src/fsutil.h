/* File helpers shared by libsealcore parts: directory creation and whole-file atomic writes
 * (temporary name, fdatasync, rename) so that no partial file ever has the final name. */
#ifndef SEALCORE_FSUTIL_H
#define SEALCORE_FSUTIL_H
#include <stddef.h>
#include <stdint.h>

/* The temporary name of path: "<path>.tmp-<pid>-<thread id>-<counter>", unique per process
 * and thread; the pid lets a later process see that a leftover is stale. SC_ERR_ARG if it
 * does not fit out[n]. */
int fs_temp_name(char *out, size_t n, const char *path);
/* mkdir -p; SC_ERR_IO naming the directory on failure. */
int fs_mkdirs(const char *dir);
/* Writes len bytes to path via fs_temp_name(path) then rename; removes the temporary
 * file on any failure (full disk, unwritable directory). */
int fs_write_file_atomic(const char *path, const uint8_t *data, uint64_t len);
#endif
