/* Tree shapes and compound (32/64 GiB) paths. The 32/64 GiB composition (docs/proofs.md:
 * 8 base trees -> Poseidon_8 of their roots; 16 base trees -> Poseidon_2 of two
 * Poseidon_8 sub-roots) has no published vector, so this checks it on small base trees of
 * 64 leaves with the same composition: the roots are recomputed here from the definition, and
 * every leaf's path (as Commit1 serializes it) must lead to that root. Also the real shapes of
 * every sector size and the Commit1 output lengths documented in docs/proofs.md. */
#include "../src/trees.h"
#include "../src/proofinfo.h"
#include "sealcore.h"
#include "check_util.h"
#include <stdlib.h>

static void check_compound(uint32_t base_count, uint32_t top) {
    tree_shape s = {.nodes = 64ull * base_count, .base_count = base_count, .base_leaves = 64,
                    .base_levels = 2, .sub_arity = 8, .top_arity = top, .base_len = 73};
    uint8_t *leaves = malloc(32 * 64 * base_count), *upper = malloc(32 * 9 * base_count);
    uint64_t x = 0x9e3779b97f4a7c15ULL + base_count;
    for (uint64_t i = 0; i < 32ull * 64 * base_count; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; leaves[i] = (uint8_t)x; }
    for (uint64_t i = 0; i < 64ull * base_count; i++) leaves[32 * i + 31] &= 0x3f;
    p8_tree t;
    for (uint32_t b = 0; b < base_count; b++) {
        uint8_t *l0 = leaves + 32 * 64 * b, *up = upper + 32 * 9 * b;
        for (int i = 0; i < 8; i++) hash_nodes(8, l0 + 256 * i, up + 32 * i);
        hash_nodes(8, up, up + 256);
        t.lvl0[b] = l0;
        t.upper[b] = up;
        memcpy(t.roots + 32 * b, up + 256, 32);
    }
    uint8_t want[32], got[32], subs[64];
    if (top) {
        hash_nodes(8, t.roots, subs);
        hash_nodes(8, t.roots + 256, subs + 32);
        hash_nodes(2, subs, want);
    } else {
        hash_nodes(8, t.roots, want);
    }
    CHECK("compose_root", compose_root(&s, t.roots, got) == 0 && memcmp(got, want, 32) == 0);
    uint32_t S = tree_path_siblings(&s);
    CHECK("siblings", S == 2 * 7 + 7 + (top ? 1 : 0));
    uint8_t *sib = malloc(32 * S);
    int all = 1, wrong_index_fails = 1;
    for (uint64_t i = 0; i < 64ull * base_count; i++) {
        p8_siblings(&s, &t, i, sib);
        if (p8_root(&s, leaves + 32 * i, i, sib, got) != 0 || memcmp(got, want, 32) != 0) all = 0;
        uint64_t j = (i + 9) % (64ull * base_count);  /* the same path at another index */
        if (p8_root(&s, leaves + 32 * i, j, sib, got) == 0 && memcmp(got, want, 32) == 0) wrong_index_fails = 0;
    }
    CHECK("every leaf's path leads to the compound root", all);
    CHECK("a path used at another index fails", wrong_index_fails);
    free(sib); free(leaves); free(upper);
}

int main(void) {
    check_compound(8, 0);    /* 32 GiB composition */
    check_compound(16, 2);   /* 64 GiB composition */
    static const struct { uint32_t proof, base_count, levels, sib; uint64_t c1; } shapes[] = {
        {5, 1, 2, 14, 18544}, {6, 1, 6, 42, 47984}, {7, 1, 8, 56, 62704},
        {8, 8, 9, 70, 8445888}, {9, 16, 9, 71, 8543808}, {3, 8, 9, 70, 8445888}};
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        proof_info pi;
        tree_shape s;
        CHECK("proof", proof_lookup(shapes[k].proof, &pi) == 0);
        tree_shape_of(&pi, &s);
        CHECK("base count", s.base_count == shapes[k].base_count);
        CHECK("base levels", s.base_levels == shapes[k].levels);
        CHECK("base leaves", s.base_leaves * s.base_count == pi.nodes);
        CHECK("path siblings", tree_path_siblings(&s) == shapes[k].sib);
        uint64_t len = 0;
        CHECK("c1 length", sc_c1_output_len(shapes[k].proof, &len) == 0 && len == shapes[k].c1);
    }
    DONE();
}
