/* SDR layer labelling (PreCommit1, docs/proofs.md). Internal header: part 2 uses sdr_label_node to
 * check labelling proofs. Layers are numbered from 1; a layer is nodes * 32 bytes of labels. */
#ifndef SEALCORE_LABELS_H
#define SEALCORE_LABELS_H
#include <stdint.h>

/* The label of one node. parents: its 14 cache entries; cur: labels of this layer (nodes
 * below `node` must be done); prev: the previous layer (ignored for layer 1). */
void sdr_label_node(const uint8_t replica_id[32], uint32_t layer, uint64_t node,
                    const uint32_t *parents, const uint8_t *cur, const uint8_t *prev, uint8_t out[32]);
/* Labels a whole layer into cur on the calling thread (SHA-NI hot path with prefetching). */
void sdr_label_layer(const uint8_t replica_id[32], uint32_t layer, uint64_t nodes,
                     const uint32_t *parents, const uint8_t *prev, uint8_t *cur);
/* The same labels with `producers` threads gathering parent labels and the header hash for
 * the calling (hashing) thread. Returns SC_OK or an error if threads cannot start. */
int sdr_label_layer_multicore(const uint8_t replica_id[32], uint32_t layer, uint64_t nodes,
                              const uint32_t *parents, const uint8_t *prev, uint8_t *cur,
                              unsigned producers);
/* The same for nodes [first, end) only; every node below first must already be labelled. */
void sdr_label_range(const uint8_t replica_id[32], uint32_t layer, uint64_t first, uint64_t end,
                     const uint32_t *parents, const uint8_t *prev, uint8_t *cur);
int sdr_label_range_multicore(const uint8_t replica_id[32], uint32_t layer, uint64_t first, uint64_t end,
                              const uint32_t *parents, const uint8_t *prev, uint8_t *cur, unsigned producers);
/* SHA-256 compressions needed for one layer of `nodes` nodes. */
uint64_t sdr_layer_compressions(uint64_t nodes);
#endif
