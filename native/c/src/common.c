#include "common.h"
#include "sealcore.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef SC_VERSION
#error "build with -DSC_VERSION=\"<version>\" (the Makefile passes the Maven project version)"
#endif

static __thread char last_error[512];

const char *sc_version(void) { return SC_VERSION; }

const char *sc_last_error(void) { return last_error; }

static void mark_cut(char *out, size_t n, int len) {
    if (len < 0) {
        snprintf(out, n, "(unformattable message)");
    } else if ((size_t)len >= n && n >= 4) {
        memcpy(out + n - 4, "...", 4);
    }
}

int sc_fail(int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    mark_cut(last_error, sizeof last_error, len);
    return code;
}

void sc_clear_error(void) { last_error[0] = 0; }

void sc_message(char *out, size_t n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(out, n, fmt, ap);
    va_end(ap);
    mark_cut(out, n, len);
}

int sc_format(char *out, size_t n, const char *what, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(out, n, fmt, ap);
    va_end(ap);
    if (len < 0 || (size_t)len >= n) {
        if (n) out[0] = 0;
        return sc_fail(SC_ERR_ARG, "%s: name of %d bytes does not fit %zu bytes", what, len, n);
    }
    return SC_OK;
}

static int check_len(const char *what, const char *path, size_t max) {
    if (!path) return sc_fail(SC_ERR_ARG, "%s: path is missing", what);
    size_t len = strnlen(path, SC_PATH_MAX);
    if (len == 0) return sc_fail(SC_ERR_ARG, "%s: path is empty", what);
    if (len >= max)
        return sc_fail(SC_ERR_ARG, "%s: path %.64s... is too long (limit %zu bytes)", what, path, max - 1);
    return SC_OK;
}

int sc_check_path(const char *what, const char *path) { return check_len(what, path, SC_PATH_MAX); }

int sc_check_dir(const char *what, const char *dir) { return check_len(what, dir, SC_PATH_MAX - SC_DIR_RESERVE); }
