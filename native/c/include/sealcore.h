/* libsealcore: Filecoin PoRep sealing primitives, byte-compatible with rust-fil-proofs.
 * Every function returns an sc_status: SC_OK (0) on success or a negative code; then
 * sc_last_error() gives the message for the calling thread. Only the functions declared with
 * SC_API in these headers are exported from the shared library (built with
 * -fvisibility=hidden); everything else is internal. */
#ifndef SEALCORE_H
#define SEALCORE_H
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define SC_API __attribute__((visibility("default")))
#else
#define SC_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The result of every libsealcore call. The Java binding mirrors these values
 * (io.sealer.proofs.NativeStatus): keep the two in sync. */
typedef enum sc_status {
    SC_OK = 0,
    SC_ERR_ARG = -1,    /* bad argument: unknown proof, wrong length, path too long */
    SC_ERR_IO = -2,     /* a file could not be read, written, mapped or renamed */
    SC_ERR_NOMEM = -3,  /* memory or threads could not be had */
    SC_ERR_VERIFY = -4, /* a digest, commitment or proof does not match */
    SC_CANCELLED = -5   /* the caller set the cancel flag of the progress block */
} sc_status;

/* Longest path (bytes, NUL included) any function accepts. Directories that libsealcore writes
 * files into (cache directories, parent cache directory) must leave SC_DIR_RESERVE bytes for
 * the file names and temporary suffixes it appends. */
#define SC_PATH_MAX 4096
#define SC_DIR_RESERVE 128

/* Progress and cancellation of the long calls (parent cache generation, PreCommit1,
 * PreCommit2). The caller owns the block, zeroes it, passes it (or NULL) and may read it from
 * another thread while the call runs; libsealcore writes done/total/phase/layer with atomic
 * stores. `done` never decreases during a call and reaches `total` on success. Setting
 * `cancel` to non-zero makes the call stop at the next block of nodes, remove what it wrote
 * (temporary and partial files) and return SC_CANCELLED. Layout: 32 bytes, no padding. */
typedef struct sc_progress {
    uint64_t done;   /* work units done in this call (nodes) */
    uint64_t total;  /* work units of the whole call */
    uint32_t phase;  /* an sc_phase */
    uint32_t layer;  /* PreCommit1: the SDR layer being labelled (1..layers), else 0 */
    uint32_t cancel; /* set by the caller */
    uint32_t reserved;
} sc_progress;

typedef enum sc_phase {
    SC_PHASE_IDLE = 0,
    SC_PHASE_PARENT_CACHE = 1, /* generating the parent cache file */
    SC_PHASE_COMM_D = 2,       /* PreCommit1 without an expected comm_d: hashing the staged file */
    SC_PHASE_LABELLING = 3,    /* PreCommit1: SDR layers */
    SC_PHASE_TREE_D = 4,       /* PreCommit2 */
    SC_PHASE_TREE_C = 5,
    SC_PHASE_ENCODING = 6,
    SC_PHASE_TREE_R = 7,
    SC_PHASE_DONE = 8
} sc_phase;

/* Library version string: the Maven project version it was built for (e.g. "0.1.0-SNAPSHOT"). */
SC_API const char *sc_version(void);
/* The message of the last error on this thread ("" if none). */
SC_API const char *sc_last_error(void);
/* "sha-ni" or "portable": the SHA-256 compression in use (SEALCORE_NO_SHANI=1 forces portable). */
SC_API const char *sc_sha256_impl(void);
/* "adx" or "portable": the Fr multiplication in use (SEALCORE_NO_ADX=1 forces portable). */
SC_API const char *sc_fr_mul_impl(void);

#ifdef __cplusplus
}
#endif

/* Part 1: fr32, CommP/CommD, replica id, SDR parent graph, PreCommit1. */
#include "sealcore_sdr.h"

/* Part 2: Poseidon, PreCommit2, Commit1/2, unsealing. */
#include "sealcore_seal.h"

#endif
