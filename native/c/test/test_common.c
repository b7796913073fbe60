#include "sealcore.h"
#include <stdio.h>
#include <string.h>

static int passed, failed;
#define CHECK(name, cond) do { if (cond) passed++; else { failed++; fprintf(stderr, "FAIL %s\n", name); } } while (0)

int main(void) {
    CHECK("version is set", strlen(sc_version()) > 0);
    CHECK("no error at start", strcmp(sc_last_error(), "") == 0);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
