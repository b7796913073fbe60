/* Error reporting, bounded formatting and argument checks shared by every part of libsealcore.
 * Internal header. */
#ifndef SEALCORE_COMMON_H
#define SEALCORE_COMMON_H
#include <stddef.h>

/* Records an error message for sc_last_error() and returns code. A message longer than the
 * per-thread buffer (512 bytes) is cut and ends in "...". */
int sc_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sc_clear_error(void);
/* snprintf into out[n] that fails (SC_ERR_ARG, naming what) instead of truncating. */
int sc_format(char *out, size_t n, const char *what, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A message into out[n]: like snprintf, but a cut message ends in "..." (for error texts). */
void sc_message(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* SC_ERR_ARG naming what unless path is non-NULL and shorter than SC_PATH_MAX bytes. */
int sc_check_path(const char *what, const char *path);
/* The same for a directory libsealcore writes into: SC_PATH_MAX - SC_DIR_RESERVE bytes at most. */
int sc_check_dir(const char *what, const char *dir);
#endif
