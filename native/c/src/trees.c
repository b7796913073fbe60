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

int tree_c_path(char *out, size_t n, const char *dir, const tree_shape *s, uint32_t base) {
    if (s->base_count == 1) return sc_format(out, n, "tree_c file", "%s/sc-02-data-tree-c.dat", dir);
    return sc_format(out, n, "tree_c file", "%s/sc-02-data-tree-c-%u.dat", dir, base);
}
int tree_r_path(char *out, size_t n, const char *dir, const tree_shape *s, uint32_t base) {
    if (s->base_count == 1) return sc_format(out, n, "tree_r_last file", "%s/sc-02-data-tree-r-last.dat", dir);
    return sc_format(out, n, "tree_r_last file", "%s/sc-02-data-tree-r-last-%u.dat", dir, base);
}
int tree_d_file(char *out, size_t n, const char *dir) {
    return sc_format(out, n, "tree_d file", "%s/sc-02-data-tree-d.dat", dir);
}
int layer_file(char *out, size_t n, const char *dir, uint32_t layer) {
    return sc_format(out, n, "layer file", "%s/sc-02-data-layer-%u.dat", dir, layer);
}
int p_aux_file(char *out, size_t n, const char *dir) { return sc_format(out, n, "p_aux file", "%s/p_aux", dir); }

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

/* ---- arity-8 (compound) paths ---- */
void p8_siblings(const tree_shape *s, const p8_tree *t, uint64_t i, uint8_t *out) {
    uint64_t b = i / s->base_leaves, j = i % s->base_leaves;
    for (uint32_t k = 0; k < s->base_levels; k++, j >>= 3) {
        const uint8_t *lv = k == 0 ? t->lvl0[b] : t->upper[b] + 32 * (tree_level_offset(s, k) - s->base_leaves);
        uint64_t g = j & ~7ULL;
        for (uint32_t q = 0; q < 8; q++)
            if (q != (j & 7)) { memcpy(out, lv + 32 * (g + q), 32); out += 32; }
    }
    if (s->sub_arity) {
        uint64_t g = b & ~7ULL;
        for (uint32_t q = 0; q < 8; q++)
            if (q != (b & 7)) { memcpy(out, t->roots + 32 * (g + q), 32); out += 32; }
    }
    if (s->top_arity) {
        uint64_t other = (b / 8) ^ 1;
        hash_nodes(8, t->roots + 32 * 8 * other, out);
    }
}

/* Root of the path of leaf i; -1 if an element is not in Fr. */
int p8_root(const tree_shape *s, const uint8_t leaf[32], uint64_t i, const uint8_t *sib, uint8_t root[32]) {
    uint8_t cur[32], ch[8 * 32];
    uint64_t b = i / s->base_leaves, j = i % s->base_leaves;
    memcpy(cur, leaf, 32);
    for (uint32_t k = 0; k < s->base_levels + (s->sub_arity ? 1 : 0); k++) {
        uint64_t pos = k < s->base_levels ? (j & 7) : (b & 7);
        for (uint32_t q = 0, x = 0; q < 8; q++) {
            if (q == pos) memcpy(ch + 32 * q, cur, 32);
            else { memcpy(ch + 32 * q, sib + 32 * x, 32); x++; }
        }
        sib += 7 * 32;
        if (hash_nodes(8, ch, cur) != 0) return -1;
        j >>= 3;
    }
    if (s->top_arity) {
        uint64_t pos = b / 8;
        memcpy(ch + 32 * pos, cur, 32);
        memcpy(ch + 32 * (pos ^ 1), sib, 32);
        if (hash_nodes(2, ch, cur) != 0) return -1;
    }
    memcpy(root, cur, 32);
    return 0;
}


int compose_root(const tree_shape *s, const uint8_t *roots, uint8_t out[32]) {
    if (s->base_count == 1) { memcpy(out, roots, 32); return 0; }
    if (!s->top_arity) return hash_nodes(8, roots, out);
    uint8_t subs[64];
    if (hash_nodes(8, roots, subs) || hash_nodes(8, roots + 256, subs + 32)) return -1;
    return hash_nodes(2, subs, out);
}

