/* libsealcore: Filecoin PoRep sealing primitives, byte-compatible with rust-fil-proofs.
 * Every function returns 0 on success or a negative code; sc_last_error() then gives the
 * message for the calling thread. */
#ifndef SEALCORE_H
#define SEALCORE_H
#include <stddef.h>
#include <stdint.h>

#define SC_OK 0
#define SC_ERR_ARG -1
#define SC_ERR_IO -2
#define SC_ERR_NOMEM -3
#define SC_ERR_VERIFY -4

/* Library version string, e.g. "0.1.0". */
const char *sc_version(void);
/* The message of the last error on this thread ("" if none). */
const char *sc_last_error(void);

/* Part 1: fr32, CommP/CommD, replica id, SDR parent graph, PreCommit1. */
#include "sealcore_sdr.h"

/* Part 2: Poseidon, PreCommit2, Commit1/2, unsealing. */
#include "sealcore_seal.h"

#endif
