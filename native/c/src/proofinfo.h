/* Registered seal proofs (ids 0..19) and what they imply. Internal header. */
#ifndef SEALCORE_PROOFINFO_H
#define SEALCORE_PROOFINFO_H
#include <stdint.h>

typedef struct {
    uint32_t id;
    uint64_t sector_size;  /* padded bytes */
    uint64_t nodes;        /* sector_size / 32 */
    uint32_t layers;       /* 2 or 11 */
    int v1_1;              /* 1: V1_1+ graph ordering and expander width */
    uint8_t porep_id[32];
} proof_info;

/* Fills pi for a registered proof id; sc_fail with SC_ERR_ARG when unknown. */
int proof_lookup(uint32_t proof, proof_info *pi);
#endif
