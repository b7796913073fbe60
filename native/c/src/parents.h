/* The SDR parent graph (DRG bucket sampling + Feistel expander) and the parent cache file.
 * Internal header: used by PreCommit1 labelling and by part 2 (Commit1 needs parents). */
#ifndef SEALCORE_PARENTS_H
#define SEALCORE_PARENTS_H
#include "proofinfo.h"
#include "sealcore.h"
#include <stddef.h>
#include <stdint.h>

#define SDR_BASE_DEGREE 6
#define SDR_EXP_DEGREE 8
#define SDR_DEGREE 14

typedef struct {
    proof_info pi;
    uint8_t drg_seed[28];
    uint64_t keys[4];
    uint32_t half_bits;
    uint64_t right_mask, left_mask, num;
    uint32_t *feistel_table; /* F(R, keys[k]) for k = 0..2, R < 2^half_bits */
} sdr_graph;

int graph_init(sdr_graph *g, uint32_t proof);
void graph_free(sdr_graph *g);
/* parents of node: [6 DRG in the proof's ordering, 8 expander]. */
void graph_parents(const sdr_graph *g, uint64_t node, uint32_t out[SDR_DEGREE]);

/* A parent cache file mapped read-only: parents of node n at p + 14 * n. */
typedef struct {
    const uint32_t *p;
    uint64_t nodes;
    size_t map_len;
} parent_cache;

/* Ensures the cache file for proof exists in dir (generating it when missing, counting the
 * nodes generated into pg, which may be NULL) and maps it. */
int parent_cache_open(uint32_t proof, const char *dir, parent_cache *pc, sc_progress *pg);
/* <dir>/<cache name> into out[out_len]; SC_ERR_ARG when dir is too long. */
int parent_cache_path(uint32_t proof, const char *dir, char *out, size_t out_len);
/* 1 when path exists with the size of the proof's cache. */
int parent_cache_present(const proof_info *pi, const char *path);
/* Maps an existing cache file, checking its size for proof. */
int parent_cache_map(uint32_t proof, const char *path, parent_cache *pc);
void parent_cache_close(parent_cache *pc);
#endif
