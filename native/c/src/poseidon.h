/* Poseidon over BLS12-381 Fr exactly as neptune computes it (Strength::Standard,
 * HashType::MerkleTree): width t = arity + 1, state [2^arity - 1, in_1..in_arity],
 * R_F = 8, R_P by arity, x^5 S-box, Cauchy MDS 1/(i + j + t), Grain LFSR round
 * constants; the output is state[1]. See docs/proofs.md.
 * Internal to libsealcore; the public byte-level entry point is sc_poseidon_hash. */
#ifndef SEALCORE_POSEIDON_H
#define SEALCORE_POSEIDON_H
#include "fr.h"

#define POSEIDON_MAX_T 17

typedef struct poseidon_params poseidon_params;

/* The constants for an arity (2, 4, 8, 11 or 16), generated once on first use
 * (thread-safe). NULL for any other arity. */
const poseidon_params *poseidon_get(int arity);
int poseidon_arity(const poseidon_params *p);
int poseidon_partial_rounds(const poseidon_params *p);
/* Round constant i (Montgomery form) and MDS entry (i, j), for tests. */
const fr_t *poseidon_round_constant(const poseidon_params *p, int i);
int poseidon_round_constant_count(const poseidon_params *p);
const fr_t *poseidon_mds(const poseidon_params *p, int i, int j);

/* Hash arity elements. The fast path uses the sparse partial-round form. */
void poseidon_hash(const poseidon_params *p, const fr_t *in, fr_t *out);
/* The textbook permutation (dense MDS in every round); for tests only. */
void poseidon_hash_reference(const poseidon_params *p, const fr_t *in, fr_t *out);
#endif
