#include "sealcore.h"
#include "common.h"
#include <stdarg.h>
#include <stdio.h>

static __thread char last_error[512];

const char *sc_version(void) { return "0.1.0"; }

const char *sc_last_error(void) { return last_error; }

int sc_fail(int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return code;
}

void sc_clear_error(void) { last_error[0] = 0; }
