/* Tree shapes and on-disk trees of PreCommit2 (tree_d, tree_c, tree_r_last), shared by
 * PreCommit2, Commit1, verification and unsealing. Internal header. */
#ifndef SEALCORE_TREES_H
#define SEALCORE_TREES_H
#include "proofinfo.h"
#include <stddef.h>
#include <stdint.h>

/* The arity-8 Poseidon tree shape of tree_c and tree_r_last (docs/proofs.md):
 * base_count base trees of base_leaves consecutive leaves each (8^base_levels); for 32 GiB
 * their 8 roots hash into the root (sub_arity 8); for 64 GiB two groups of 8 roots hash into
 * two sub-roots that hash with arity 2 into the root (top_arity 2). */
typedef struct {
    uint64_t nodes;
    uint32_t base_count;
    uint64_t base_leaves;
    uint32_t base_levels;   /* hashing levels in a base tree */
    uint32_t sub_arity;     /* 0 or 8 */
    uint32_t top_arity;     /* 0 or 2 */
    uint64_t base_len;      /* nodes in one base tree file, leaves included */
} tree_shape;

void tree_shape_of(const proof_info *pi, tree_shape *s);
/* Offset (in nodes) of level k (0 = leaves) inside a base tree. */
uint64_t tree_level_offset(const tree_shape *s, uint32_t level);
/* Path elements (siblings) in a tree_c / tree_r_last path, and its serialized size. */
uint32_t tree_path_siblings(const tree_shape *s);
/* Depth of tree_d (log2 nodes). */
uint32_t tree_d_depth(uint64_t nodes);

/* Cache directory file names (base is ignored for single-tree sizes); SC_ERR_ARG if the name
 * does not fit out[n]. */
int tree_c_path(char *out, size_t n, const char *cache_dir, const tree_shape *s, uint32_t base);
int tree_r_path(char *out, size_t n, const char *cache_dir, const tree_shape *s, uint32_t base);
int tree_d_file(char *out, size_t n, const char *cache_dir);
int layer_file(char *out, size_t n, const char *cache_dir, uint32_t layer);
int p_aux_file(char *out, size_t n, const char *cache_dir);

/* A read-only mapping of a whole file whose size must be `expect` bytes (0: any). */
typedef struct { uint8_t *p; uint64_t len; } rmap;
int rmap_open(rmap *m, const char *path, uint64_t expect, const char *what);
void rmap_close(rmap *m);

/* Poseidon hash of `arity` consecutive 32-byte nodes into out (bytes); -1 if non-canonical. */
int hash_nodes(int arity, const uint8_t *children, uint8_t out[32]);
/* The root of tree_c / tree_r_last from the base-tree roots (1, 8 or 16 of them). */
int compose_root(const tree_shape *s, const uint8_t *roots, uint8_t out[32]);

/* An arity-8 tree as mapped by Commit1: per base tree its leaves, its levels >= 1 and root. */
typedef struct {
    const uint8_t *lvl0[16];
    const uint8_t *upper[16];
    uint8_t roots[16 * 32];
} p8_tree;
/* The tree_path_siblings(s) siblings of leaf i, bottom up (see docs/proofs.md). */
void p8_siblings(const tree_shape *s, const p8_tree *t, uint64_t i, uint8_t *out);
/* The root a path leads to; -1 if an element is not in Fr. */
int p8_root(const tree_shape *s, const uint8_t leaf[32], uint64_t i, const uint8_t *sib, uint8_t root[32]);
#endif
