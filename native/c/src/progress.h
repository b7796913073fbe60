/* Updating the caller's sc_progress block (sealcore.h) from any thread, and reading its cancel
 * flag. Every access is atomic, so a Java thread (or a TSan build) may read the block while
 * the call runs. All helpers accept NULL (no progress wanted). Internal header. */
#ifndef SEALCORE_PROGRESS_H
#define SEALCORE_PROGRESS_H
#include "sealcore.h"

static inline int progress_cancelled(const sc_progress *p) {
    return p && __atomic_load_n(&p->cancel, __ATOMIC_RELAXED) != 0;
}
/* Starts a call: total units, nothing done yet. */
static inline void progress_start(sc_progress *p, uint64_t total) {
    if (!p) return;
    __atomic_store_n(&p->done, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&p->total, total, __ATOMIC_RELAXED);
}
static inline void progress_phase(sc_progress *p, uint32_t phase, uint32_t layer) {
    if (!p) return;
    __atomic_store_n(&p->phase, phase, __ATOMIC_RELAXED);
    __atomic_store_n(&p->layer, layer, __ATOMIC_RELAXED);
}
static inline void progress_add(sc_progress *p, uint64_t units) {
    if (p) __atomic_fetch_add(&p->done, units, __ATOMIC_RELAXED);
}
/* A successful call: done = total. */
static inline void progress_finish(sc_progress *p) {
    if (p) __atomic_store_n(&p->done, __atomic_load_n(&p->total, __ATOMIC_RELAXED), __ATOMIC_RELAXED);
}
static inline uint64_t progress_total(const sc_progress *p) {
    return p ? __atomic_load_n(&p->total, __ATOMIC_RELAXED) : 0;
}
#endif
