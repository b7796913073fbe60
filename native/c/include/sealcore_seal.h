/* libsealcore, part 2: Poseidon, PreCommit2 (tree_c, tree_r_last, comm_r), Commit1 vanilla
 * proofs and their verification, Commit2, unsealing. Included from sealcore.h.
 * All byte strings are raw: Fr elements are 32-byte little-endian canonical values. */
#ifndef SEALCORE_SEAL_H
#define SEALCORE_SEAL_H
#include <stddef.h>
#include <stdint.h>

/* Poseidon (neptune, Standard strength, MerkleTree domain tag 2^arity - 1) of arity
 * 32-byte inputs (inputs_len must be 32 * arity; every input < r). arity: 2, 4, 8, 11, 16. */
int sc_poseidon_hash(uint32_t arity, const uint8_t *inputs, size_t inputs_len, uint8_t out[32]);

#endif
