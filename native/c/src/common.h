#ifndef SEALCORE_COMMON_H
#define SEALCORE_COMMON_H
/* Records an error message for sc_last_error() and returns code. */
int sc_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sc_clear_error(void);
#endif
