/* Tree shapes, cache-directory file names and file mappings for part 2 (see trees.h). */
#include "trees.h"
#include "common.h"
#include "poseidon.h"
#include "sealcore.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

void tree_shape_of(const proof_info *pi, tree_shape *s) {
    memset(s, 0, sizeof *s);
    s->nodes = pi->nodes;
    if (pi->nodes == (1ULL << 30)) { s->base_count = 8; s->sub_arity = 8; }
    else if (pi->nodes == (1ULL << 31)) { s->base_count = 16; s->sub_arity = 8; s->top_arity = 2; }
    else s->base_count = 1;
    s->base_leaves = pi->nodes / s->base_count;
    uint64_t n = s->base_leaves;
    s->base_len = 0;
    while (n > 1) { s->base_len += n; n /= 8; s->base_levels++; }
    s->base_len += 1;
}

uint64_t tree_level_offset(const tree_shape *s, uint32_t level) {
    uint64_t off = 0, n = s->base_leaves;
    for (uint32_t k = 0; k < level; k++) { off += n; n /= 8; }
    return off;
}

uint32_t tree_path_siblings(const tree_shape *s) {
    return s->base_levels * 7 + (s->sub_arity ? 7 : 0) + (s->top_arity ? 1 : 0);
}

uint32_t tree_d_depth(uint64_t nodes) {
    uint32_t d = 0;
    while ((1ULL << d) < nodes) d++;
    return d;
}

void tree_c_path(char *out, size_t n, const char *dir, const tree_shape *s, uint32_t base) {
    if (s->base_count == 1) snprintf(out, n, "%s/sc-02-data-tree-c.dat", dir);
    else snprintf(out, n, "%s/sc-02-data-tree-c-%u.dat", dir, base);
}
void tree_r_path(char *out, size_t n, const char *dir, const tree_shape *s, uint32_t base) {
    if (s->base_count == 1) snprintf(out, n, "%s/sc-02-data-tree-r-last.dat", dir);
    else snprintf(out, n, "%s/sc-02-data-tree-r-last-%u.dat", dir, base);
}
void tree_d_file(char *out, size_t n, const char *dir) { snprintf(out, n, "%s/sc-02-data-tree-d.dat", dir); }
void layer_file(char *out, size_t n, const char *dir, uint32_t layer) {
    snprintf(out, n, "%s/sc-02-data-layer-%u.dat", dir, layer);
}
void p_aux_file(char *out, size_t n, const char *dir) { snprintf(out, n, "%s/p_aux", dir); }

int rmap_open(rmap *m, const char *path, uint64_t expect, const char *what) {
    m->p = NULL; m->len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return sc_fail(SC_ERR_IO, "%s %s: cannot open: %s", what, path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) { close(fd); return sc_fail(SC_ERR_IO, "%s %s: %s", what, path, strerror(errno)); }
    if (!S_ISREG(st.st_mode)) { close(fd); return sc_fail(SC_ERR_IO, "%s %s: not a regular file", what, path); }
    if ((expect && (uint64_t)st.st_size != expect) || st.st_size == 0) {
        close(fd);
        return sc_fail(SC_ERR_IO, "%s %s: size %lld bytes, expected %llu", what, path,
                       (long long)st.st_size, (unsigned long long)expect);
    }
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) return sc_fail(SC_ERR_IO, "%s %s: mmap: %s", what, path, strerror(errno));
    m->p = p;
    m->len = (uint64_t)st.st_size;
    return SC_OK;
}

void rmap_close(rmap *m) {
    if (m->p) munmap(m->p, m->len);
    m->p = NULL; m->len = 0;
}

int hash_nodes(int arity, const uint8_t *children, uint8_t out[32]) {
    const poseidon_params *p = poseidon_get(arity);
    fr_t in[POSEIDON_MAX_T], o;
    for (int i = 0; i < arity; i++)
        if (fr_from_bytes(&in[i], children + 32 * i) != 0) return -1;
    poseidon_hash(p, in, &o);
    fr_to_bytes(out, &o);
    return 0;
}
