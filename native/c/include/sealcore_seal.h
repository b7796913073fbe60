/* libsealcore, part 2: Poseidon, PreCommit2 (tree_c, tree_r_last, comm_r), Commit1 vanilla
 * proofs and their verification, Commit2, unsealing. Included from sealcore.h.
 * All byte strings are raw: Fr elements are 32-byte little-endian canonical values. */
#ifndef SEALCORE_SEAL_H
#define SEALCORE_SEAL_H
#include "sealcore.h"
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#ifdef __cplusplus
}
#endif
#endif

/* Poseidon (neptune, Standard strength, MerkleTree domain tag 2^arity - 1) of arity
 * 32-byte inputs (inputs_len must be 32 * arity; every input < r). arity: 2, 4, 8, 11, 16. */
SC_API sc_status sc_poseidon_hash(uint32_t arity, const uint8_t *inputs, size_t inputs_len, uint8_t out[32]);
/* Poseidon hashes per second of one arity on the calling thread, measured for about seconds. */
SC_API sc_status sc_poseidon_bench(uint32_t arity, double seconds, double *hashes_per_second);

/* PreCommit2 (docs/proofs.md). Reads the staged (unsealed, fr32-padded) sector
 * and the layer files sc-02-data-layer-<l>.dat that PreCommit1 left in cache_dir; writes
 * into cache_dir sc-02-data-tree-d.dat (all levels, leaves first), sc-02-data-tree-c[-<i>].dat
 * (column hashes and all arity-8 levels, one file per base tree for 32/64 GiB),
 * sc-02-data-tree-r-last[-<i>].dat (levels above the replica; leaves are the sealed file) and
 * p_aux (comm_c || comm_r_last), and the sealed replica at sealed_path. threads: worker threads
 * (0 = all cores). expected_comm_d (may be NULL) is compared with the tree_d root.
 * stats_out (may be NULL): seconds for tree_d, tree_c, encoding + tree_r_last, total.
 * progress (may be NULL): units are nodes, four passes over the sector (tree_d, tree_c,
 * encoding, tree_r_last); cancellable between blocks of nodes. On failure or cancellation the
 * files this call wrote (trees, p_aux, the replica) and every temporary file are removed. */
SC_API sc_status sc_pc2(uint32_t proof, const char *cache_dir, const char *staged_path, const char *sealed_path,
           uint32_t threads, const uint8_t *expected_comm_d, uint8_t comm_d_out[32],
           uint8_t comm_c_out[32], uint8_t comm_r_last_out[32], uint8_t comm_r_out[32],
           double stats_out[4], sc_progress *progress);
/* Only the encoding step of PreCommit2: sealed = staged + last layer, node by node in Fr. */
SC_API sc_status sc_encode_replica(uint32_t proof, const char *cache_dir, const char *staged_path,
                      const char *sealed_path, uint32_t threads);
/* Unsealing: writes data = replica - key for the padded byte range [offset, offset + length)
 * (32-byte aligned) of the sector to out_path. Needs the last layer file in cache_dir. */
SC_API sc_status sc_unseal_range(uint32_t proof, const char *cache_dir, const char *sealed_path, uint64_t offset,
                    uint64_t length, const char *out_path);

/* Interactive PoRep challenges (docs/proofs.md): out_len must be partitions x challenges per
 * partition (1 x 2 for 2 KiB..512 MiB, 10 x 18 for 32/64 GiB). Proof ids 0..9 only. */
SC_API sc_status sc_interactive_challenges(uint32_t proof, const uint8_t replica_id[32], const uint8_t seed[32],
                              uint64_t *out, uint32_t out_len);
/* Size in bytes of the Commit1 output (vanilla proofs) for a proof type. */
SC_API sc_status sc_c1_output_len(uint32_t proof, uint64_t *len);
/* Commit1: the vanilla proofs of every challenge, serialized as documented in docs/proofs.md,
 * from the cache directory PreCommit2 filled and the sealed replica. out_len must equal
 * sc_c1_output_len. Fails when comm_d / comm_r do not match the cache directory. */
SC_API sc_status sc_c1(uint32_t proof, const char *cache_dir, const char *sealed_path, const uint8_t prover_id[32],
          uint64_t sector_id, const uint8_t ticket[32], const uint8_t seed[32], const uint8_t comm_d[32],
          const uint8_t comm_r[32], uint8_t *out, uint64_t out_len);
/* Verifies Commit1 output against the public inputs: SC_OK, or SC_ERR_VERIFY naming what is
 * wrong (recomputes replica id, challenges and labels; checks every path and the encoding). */
SC_API sc_status sc_verify_c1(uint32_t proof, const uint8_t prover_id[32], uint64_t sector_id, const uint8_t ticket[32],
                 const uint8_t seed[32], const uint8_t comm_d[32], const uint8_t comm_r[32],
                 const uint8_t *c1, uint64_t c1_len);
/* Commit2: verifies the Commit1 output and returns it (copied to proof_out, same length) as
 * the sector's proof. No Groth16: see docs/proofs.md. */
SC_API sc_status sc_c2(uint32_t proof, const uint8_t prover_id[32], uint64_t sector_id, const uint8_t ticket[32],
          const uint8_t seed[32], const uint8_t comm_d[32], const uint8_t comm_r[32], const uint8_t *c1,
          uint64_t c1_len, uint8_t *proof_out, uint64_t proof_out_len);

#ifdef __cplusplus
}
#endif
#endif
