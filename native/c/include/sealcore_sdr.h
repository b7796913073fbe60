/* libsealcore part 1: fr32, CommP/CommD, replica id, the SDR parent graph and its cache file,
 * PreCommit1 labelling. Byte-compatible with rust-fil-proofs (see docs/proofs.md).
 * Conventions: every function returns an sc_status (SC_OK or a negative code) and then
 * sc_last_error() names what was wrong. Paths are at most SC_PATH_MAX bytes. Byte arrays of fixed size are 32 bytes unless said.
 * `proof` is the registered seal proof id 0..19 (StackedDrg{2KiB,8MiB,512MiB,32GiB,64GiB}
 * V1 = 0..4, V1_1 = 5..9, V1_1 synthetic = 10..14, V1_2 NI = 15..19). Files are written under
 * a temporary name <final>.tmp-<pid>-<thread id>-<counter> and renamed when complete; a failed
 * or cancelled call removes its temporary files (a killed process leaves them: the pid in the
 * name tells a later process that they are stale). */
#ifndef SEALCORE_SDR_H
#define SEALCORE_SDR_H
#include "sealcore.h"
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#ifdef __cplusplus
}
#endif
#endif

#define SC_PARENTS 14          /* 6 DRG + 8 expander parents per node */
#define SC_PARENT_CACHE_NAME_MAX 128

/* Sector size in padded bytes, SDR layer count and 1 for the V1_1+ graph (0 for V1). */
SC_API sc_status sc_proof_info(uint32_t proof, uint64_t *sector_size, uint32_t *layers, uint32_t *v1_1);
/* The 32-byte porep_id of a registered proof. */
SC_API sc_status sc_porep_id(uint32_t proof, uint8_t out[32]);

/* fr32: in_len a multiple of 127, out_len = in_len / 127 * 128 (and the reverse). */
SC_API sc_status sc_fr32_pad(const uint8_t *in, uint64_t in_len, uint8_t *out, uint64_t out_len);
SC_API sc_status sc_fr32_unpad(const uint8_t *in, uint64_t in_len, uint8_t *out, uint64_t out_len);

/* Commitment of padded_size zero bytes (power of two, 32 B .. 2 TiB). */
SC_API sc_status sc_zero_commitment(uint64_t padded_size, uint8_t out[32]);
/* CommP of already padded bytes (len a power of two >= 128). */
SC_API sc_status sc_commp_padded(const uint8_t *padded, uint64_t len, uint8_t out[32]);
/* CommP of unpadded bytes (len = 127 * 2^k, k >= 0). */
SC_API sc_status sc_commp_unpadded(const uint8_t *data, uint64_t len, uint8_t out[32]);
/* CommP of the first unpadded_size bytes (127 * 2^k) of a file, streamed. */
SC_API sc_status sc_commp_file(const char *path, uint64_t unpadded_size, uint8_t out[32]);
/* AddPiece: fr32-pads unpadded_size bytes (127 * 2^k) of piece_path (NULL: zeros) and appends
 * them to the staged sector file, after zero padding that aligns the piece as rust-fil-proofs
 * does. Fails if the result would exceed sector_size. Gives CommP and the padded offset at
 * which the piece starts. On failure the staged file is truncated back. */
SC_API sc_status sc_add_piece(const char *piece_path, uint64_t unpadded_size, const char *staged_path,
                 uint64_t sector_size, uint8_t commp_out[32], uint64_t *offset_out);
/* CommD from pieces in sector order: padded sizes (powers of two >= 128) and their 32-byte
 * commitments concatenated; zero pieces fill the gaps and the rest of the sector. */
SC_API sc_status sc_comm_d(uint64_t sector_size, const uint64_t *padded_sizes, const uint8_t *comms,
              uint32_t count, uint8_t out[32]);
/* CommD of a whole staged sector file (its size must be sector_size). */
SC_API sc_status sc_comm_d_file(const char *staged_path, uint64_t sector_size, uint8_t out[32]);
/* replica_id = SHA256(prover_id || be64(sector_id) || ticket || comm_d || porep_id), trunc254. */
SC_API sc_status sc_replica_id(const uint8_t prover_id[32], uint64_t sector_id, const uint8_t ticket[32],
                  const uint8_t comm_d[32], const uint8_t porep_id[32], uint8_t out[32]);

/* The 14 parents of a node ([6 DRG, 8 expander]), computed directly (no cache). */
SC_API sc_status sc_parents(uint32_t proof, uint64_t node, uint32_t out[SC_PARENTS]);
/* The parent cache file name "v28-sdr-parent-<hex>.cache" (NUL-terminated). */
SC_API sc_status sc_parent_cache_name(uint32_t proof, char *out, uint64_t out_len);
/* Writes the whole parent cache file to path (threads 0 = all cores), gives its SHA-256 and
 * fails with SC_ERR_VERIFY, leaving no file, if the published digest is known and differs.
 * progress (may be NULL): units are nodes; cancellable between batches of 2^20 nodes. */
SC_API sc_status sc_parent_cache_generate(uint32_t proof, const char *path, uint32_t threads, uint8_t digest_out[32],
                             sc_progress *progress);
/* SHA-256 of an existing cache file; SC_ERR_VERIFY if its size is wrong or the published
 * digest is known and differs. *published_out (may be NULL) is 1 when the file was checked
 * against a published digest, else 0. */
SC_API sc_status sc_parent_cache_verify(uint32_t proof, const char *path, uint8_t digest_out[32], uint32_t *published_out);
/* Ensures <dir>/<cache name> exists, generating it when missing; writes its path to path_out.
 * progress (may be NULL) follows the generation when there is one. */
SC_API sc_status sc_parent_cache_ensure(uint32_t proof, const char *dir, char *path_out, uint64_t path_len,
                           sc_progress *progress);

/* PreCommit1: computes comm_d over the staged sector (and compares it with expected_comm_d
 * when not NULL), the replica id, then labels every layer into
 * <cache_dir>/sc-02-data-layer-<l>.dat (l = 1..layers, nodes * 32 bytes each). The parent
 * cache comes from parent_cache_dir (generated there when missing). With
 * FIL_PROOFS_USE_MULTICORE_SDR=1, FIL_PROOFS_MULTICORE_SDR_PRODUCERS (default 3) threads
 * prefetch parent labels for the hashing thread. stats_out (may be NULL) receives 6 values:
 * seconds for comm_d, parent cache, labelling, waiting for layer writes; the SHA-256
 * compressions done by labelling; the number of producer threads used (0 = single-threaded).
 * progress (may be NULL): units are nodes (the parent cache generation when the file is
 * missing, then every layer); cancellable between blocks of 2^17 nodes. On failure or
 * cancellation no layer file and no temporary file is left in cache_dir. */
SC_API sc_status sc_pc1(uint32_t proof, const char *parent_cache_dir, const char *staged_path,
           const char *cache_dir, const uint8_t prover_id[32], uint64_t sector_id,
           const uint8_t ticket[32], const uint8_t *expected_comm_d, uint8_t comm_d_out[32],
           uint8_t replica_id_out[32], double stats_out[6], sc_progress *progress);

/* The SHA-256 bound of this CPU: OpenSSL EVP SHA-256 over 8192-byte buffers for about
 * `seconds`, as `openssl speed -evp sha256 -bytes 8192` measures it; bytes per second. */
SC_API sc_status sc_sha256_openssl_rate(double seconds, double *bytes_per_second);

#ifdef __cplusplus
}
#endif
#endif
