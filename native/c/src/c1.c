/* Commit1 (interactive challenges and vanilla proofs), their verification, and Commit2
 * (docs/proofs.md). The serialized layout is documented in docs/proofs.md
 * ("Commit1 output format"); every field is checked by sc_verify_c1, so a proof with any
 * flipped byte fails. */
#include "common.h"
#include "parents.h"
#include "poseidon.h"
#include "proofinfo.h"
#include "sealcore.h"
#include "sha256.h"
#include "trees.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define C1_MAGIC "SCV1"
#define C1_VERSION 1u
#define C1_HEADER 288u


typedef struct {
    proof_info pi;
    tree_shape s;
    uint32_t partitions, cpp, depth_d, sib;
    uint64_t column_len, per_challenge, total;
} c1_layout;

static int layout_of(uint32_t proof, c1_layout *L) {
    memset(L, 0, sizeof *L);
    int rc = proof_lookup(proof, &L->pi);
    if (rc != SC_OK) return rc;
    if (proof >= 10)
        return sc_fail(SC_ERR_ARG, "commit1: proof type %u (synthetic or non-interactive PoRep) is not supported; use ids 0..9", proof);
    tree_shape_of(&L->pi, &L->s);
    int big = L->pi.nodes >= (1ULL << 30);
    L->partitions = big ? 10 : 1;
    L->cpp = big ? 18 : 2;
    L->depth_d = tree_d_depth(L->pi.nodes);
    L->sib = tree_path_siblings(&L->s);
    L->column_len = 32ull * (L->pi.layers + L->sib);
    uint64_t labeling = 32ull * (6 + 14ull * (L->pi.layers - 1));
    L->per_challenge = 8 + 32ull * (1 + L->depth_d) + 32ull * (1 + L->sib) + 15 * L->column_len + labeling + 96;
    L->total = C1_HEADER + (uint64_t)L->partitions * L->cpp * L->per_challenge;
    return SC_OK;
}

sc_status sc_c1_output_len(uint32_t proof, uint64_t *len) {
    if (!len) return sc_fail(SC_ERR_ARG, "commit1: null argument");
    c1_layout L;
    int rc = layout_of(proof, &L);
    if (rc == SC_OK) *len = L.total;
    return rc;
}

/* challenge j: (int_le(SHA256(replica_id || seed || u32_le(j))) mod (N - 1)) + 1 */
static uint64_t challenge_of(const uint8_t rid[32], const uint8_t seed[32], uint32_t j, uint64_t nodes) {
    uint8_t msg[68], h[32];
    memcpy(msg, rid, 32);
    memcpy(msg + 32, seed, 32);
    for (int i = 0; i < 4; i++) msg[64 + i] = (uint8_t)(j >> (8 * i));
    sha256_digest(msg, sizeof msg, h);
    unsigned __int128 rem = 0;
    uint64_t m = nodes - 1;
    for (int i = 31; i >= 0; i--) rem = ((rem << 8) | h[i]) % m;
    return (uint64_t)rem + 1;
}

sc_status sc_interactive_challenges(uint32_t proof, const uint8_t replica_id[32], const uint8_t seed[32],
                              uint64_t *out, uint32_t out_len) {
    if (!replica_id || !seed || !out) return sc_fail(SC_ERR_ARG, "challenges: null argument");
    c1_layout L;
    int rc = layout_of(proof, &L);
    if (rc != SC_OK) return rc;
    if (out_len != L.partitions * L.cpp)
        return sc_fail(SC_ERR_ARG, "challenges: room for %u, the proof has %u", out_len, L.partitions * L.cpp);
    for (uint32_t j = 0; j < out_len; j++) out[j] = challenge_of(replica_id, seed, j, L.pi.nodes);
    return SC_OK;
}

/* ---- label of one node from its parents' labels (docs/proofs.md, "Algorithms", labels.c) ---- */
static void label_from_parents(const uint8_t rid[32], uint32_t layer, uint64_t node,
                               const uint8_t *plabels /* 6 or 14 labels */, uint8_t out[32]) {
    uint8_t m[1248];
    memset(m, 0, 64);
    memcpy(m, rid, 32);
    for (int i = 0; i < 4; i++) m[32 + i] = (uint8_t)(layer >> (24 - 8 * i));
    for (int i = 0; i < 8; i++) m[36 + i] = (uint8_t)(node >> (56 - 8 * i));
    size_t len = 64;
    if (node > 0) {
        if (layer == 1) {
            for (int r = 0; r < 6; r++) memcpy(m + 64 + 192 * r, plabels, 192);
            memcpy(m + 64 + 1152, plabels, 32);
        } else {
            memcpy(m + 64, plabels, 448);
            memcpy(m + 512, plabels, 448);
            memcpy(m + 960, plabels, 288);
        }
        len = 1248;
    }
    sha256_digest(m, len, out);
    out[31] &= 0x3f;
}

static void d_siblings(const uint8_t *tree_d, uint64_t nodes, uint32_t depth, uint64_t i, uint8_t *out) {
    uint64_t off = 0, n = nodes;
    for (uint32_t k = 0; k < depth; k++, n /= 2, i >>= 1) {
        memcpy(out + 32 * k, tree_d + 32 * (off + (i ^ 1)), 32);
        off += n;
    }
}

static void d_root(const uint8_t leaf[32], uint64_t i, uint32_t depth, const uint8_t *sib, uint8_t root[32]) {
    uint8_t cur[32];
    memcpy(cur, leaf, 32);
    for (uint32_t k = 0; k < depth; k++, i >>= 1) {
        if (i & 1) sha256_trunc254_pair(sib + 32 * k, cur, cur);
        else sha256_trunc254_pair(cur, sib + 32 * k, cur);
    }
    memcpy(root, cur, 32);
}

static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void put64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static uint64_t get64(const uint8_t *p) { uint64_t v = 0; for (int i = 7; i >= 0; i--) v = (v << 8) | p[i]; return v; }

static void header_put(uint8_t *o, const c1_layout *L, uint32_t proof, uint64_t sector_id, const uint8_t prover[32],
                       const uint8_t ticket[32], const uint8_t seed[32], const uint8_t comm_d[32],
                       const uint8_t comm_r[32], const uint8_t rid[32], const uint8_t comm_c[32],
                       const uint8_t comm_r_last[32]) {
    memcpy(o, C1_MAGIC, 4);
    put32(o + 4, C1_VERSION);
    put32(o + 8, proof);
    put32(o + 12, L->pi.layers);
    put32(o + 16, L->partitions);
    put32(o + 20, L->cpp);
    put64(o + 24, sector_id);
    memcpy(o + 32, prover, 32);
    memcpy(o + 64, ticket, 32);
    memcpy(o + 96, seed, 32);
    memcpy(o + 128, comm_d, 32);
    memcpy(o + 160, comm_r, 32);
    memcpy(o + 192, rid, 32);
    memcpy(o + 224, comm_c, 32);
    memcpy(o + 256, comm_r_last, 32);
}

sc_status sc_c1(uint32_t proof, const char *cache_dir, const char *sealed_path, const uint8_t prover_id[32],
          uint64_t sector_id, const uint8_t ticket[32], const uint8_t seed[32], const uint8_t comm_d[32],
          const uint8_t comm_r[32], uint8_t *out, uint64_t out_len) {
    if (!cache_dir || !sealed_path || !prover_id || !ticket || !seed || !comm_d || !comm_r || !out)
        return sc_fail(SC_ERR_ARG, "commit1: null argument");
    c1_layout L;
    int rc = layout_of(proof, &L);
    if (rc != SC_OK) return rc;
    if ((rc = sc_check_dir("commit1: cache directory", cache_dir)) != SC_OK) return rc;
    if ((rc = sc_check_path("commit1: sealed replica", sealed_path)) != SC_OK) return rc;
    if (out_len != L.total)
        return sc_fail(SC_ERR_ARG, "commit1: output buffer is %llu bytes, the proof needs %llu",
                       (unsigned long long)out_len, (unsigned long long)L.total);
    const tree_shape *s = &L.s;
    const uint64_t N = L.pi.nodes, sz = L.pi.sector_size;
    char path[SC_PATH_MAX];
    rmap aux = {0}, tree_d = {0}, sealed = {0}, layers[16], tc[16], tr[16];
    memset(layers, 0, sizeof layers); memset(tc, 0, sizeof tc); memset(tr, 0, sizeof tr);
    sdr_graph g;
    int have_graph = 0;
    p8_tree tcv, trv;
    uint8_t rid[32], comm_c[32], comm_r_last[32], chk[64];

    if ((rc = p_aux_file(path, sizeof path, cache_dir)) != SC_OK) goto out;
    if ((rc = rmap_open(&aux, path, 64, "commit1: p_aux")) != SC_OK) goto out;
    memcpy(comm_c, aux.p, 32);
    memcpy(comm_r_last, aux.p + 32, 32);
    if (hash_nodes(2, aux.p, chk) != 0 || memcmp(chk, comm_r, 32) != 0) {
        rc = sc_fail(SC_ERR_ARG, "commit1: the cache directory's p_aux does not give comm_r (another sector?)");
        goto out;
    }
    if ((rc = tree_d_file(path, sizeof path, cache_dir)) != SC_OK) goto out;
    if ((rc = rmap_open(&tree_d, path, (2 * N - 1) * 32, "commit1: tree_d")) != SC_OK) goto out;
    if (memcmp(tree_d.p + (2 * N - 2) * 32, comm_d, 32) != 0) {
        rc = sc_fail(SC_ERR_ARG, "commit1: tree_d root differs from comm_d (another sector?)");
        goto out;
    }
    if ((rc = rmap_open(&sealed, sealed_path, sz, "commit1: sealed replica")) != SC_OK) goto out;
    for (uint32_t l = 1; l <= L.pi.layers; l++) {
        if ((rc = layer_file(path, sizeof path, cache_dir, l)) != SC_OK) goto out;
        if ((rc = rmap_open(&layers[l - 1], path, sz, "commit1: layer file")) != SC_OK) goto out;
    }
    for (uint32_t b = 0; b < s->base_count; b++) {
        if ((rc = tree_c_path(path, sizeof path, cache_dir, s, b)) != SC_OK) goto out;
        if ((rc = rmap_open(&tc[b], path, s->base_len * 32, "commit1: tree_c")) != SC_OK) goto out;
        if ((rc = tree_r_path(path, sizeof path, cache_dir, s, b)) != SC_OK) goto out;
        if ((rc = rmap_open(&tr[b], path, (s->base_len - s->base_leaves) * 32, "commit1: tree_r_last")) != SC_OK) goto out;
        tcv.lvl0[b] = tc[b].p;
        tcv.upper[b] = tc[b].p + 32 * s->base_leaves;
        memcpy(tcv.roots + 32 * b, tc[b].p + 32 * (s->base_len - 1), 32);
        trv.lvl0[b] = sealed.p + 32 * b * s->base_leaves;
        trv.upper[b] = tr[b].p;
        memcpy(trv.roots + 32 * b, tr[b].p + 32 * (s->base_len - s->base_leaves - 1), 32);
    }
    {
        uint8_t rc_c[32], rc_r[32];
        if (compose_root(s, tcv.roots, rc_c) || compose_root(s, trv.roots, rc_r) ||
            memcmp(rc_c, comm_c, 32) || memcmp(rc_r, comm_r_last, 32)) {
            rc = sc_fail(SC_ERR_ARG, "commit1: tree_c / tree_r_last roots do not match p_aux (corrupt cache directory)");
            goto out;
        }
    }
    if ((rc = sc_replica_id(prover_id, sector_id, ticket, comm_d, L.pi.porep_id, rid)) != SC_OK) goto out;
    if ((rc = graph_init(&g, proof)) != SC_OK) goto out;
    have_graph = 1;

    header_put(out, &L, proof, sector_id, prover_id, ticket, seed, comm_d, comm_r, rid, comm_c, comm_r_last);
    uint8_t *o = out + C1_HEADER;
    const uint32_t nl = L.pi.layers;
    for (uint32_t j = 0; j < L.partitions * L.cpp; j++) {
        uint64_t c = challenge_of(rid, seed, j, N);
        uint32_t par[SDR_DEGREE];
        graph_parents(&g, c, par);
        put64(o, c); o += 8;
        memcpy(o, tree_d.p + 32 * c, 32); o += 32;                         /* tree_d path */
        d_siblings(tree_d.p, N, L.depth_d, c, o); o += 32 * L.depth_d;
        memcpy(o, sealed.p + 32 * c, 32); o += 32;                         /* tree_r_last path */
        p8_siblings(s, &trv, c, o); o += 32 * L.sib;
        for (int k = -1; k < SDR_DEGREE; k++) {                            /* 15 columns */
            uint64_t node = k < 0 ? c : par[k];
            for (uint32_t l = 0; l < nl; l++) { memcpy(o, layers[l].p + 32 * node, 32); o += 32; }
            p8_siblings(s, &tcv, node, o); o += 32 * L.sib;
        }
        for (uint32_t l = 1; l <= nl; l++) {                               /* labeling proofs */
            for (int k = 0; k < (l == 1 ? 6 : 14); k++) {
                const uint8_t *src = k < 6 ? layers[l - 1].p : layers[l - 2].p;
                memcpy(o, src + 32 * (uint64_t)par[k], 32); o += 32;
            }
        }
        memcpy(o, layers[nl - 1].p + 32 * c, 32); o += 32;                 /* encoding proof */
        memcpy(o, tree_d.p + 32 * c, 32); o += 32;
        memcpy(o, sealed.p + 32 * c, 32); o += 32;
    }
    if ((uint64_t)(o - out) != L.total) { rc = sc_fail(SC_ERR_ARG, "commit1: internal layout error"); goto out; }
    /* Check our own output, so that a cache directory whose layers do not belong to its trees
     * (or a corrupt one) is an error here and not a proof that fails later. */
    if (sc_verify_c1(proof, prover_id, sector_id, ticket, seed, comm_d, comm_r, out, L.total) != SC_OK) {
        char why[400];
        sc_message(why, sizeof why, "%s", sc_last_error());
        rc = sc_fail(SC_ERR_IO, "commit1: the vanilla proofs from this cache directory do not verify (corrupt or mixed-up files?): %s", why);
        goto out;
    }
    rc = SC_OK;
out:
    if (have_graph) graph_free(&g);
    rmap_close(&aux); rmap_close(&tree_d); rmap_close(&sealed);
    for (int i = 0; i < 16; i++) { rmap_close(&layers[i]); rmap_close(&tc[i]); rmap_close(&tr[i]); }
    return rc;
}

#define VFAIL(...) do { rc = sc_fail(SC_ERR_VERIFY, __VA_ARGS__); goto out; } while (0)

sc_status sc_verify_c1(uint32_t proof, const uint8_t prover_id[32], uint64_t sector_id, const uint8_t ticket[32],
                 const uint8_t seed[32], const uint8_t comm_d[32], const uint8_t comm_r[32],
                 const uint8_t *c1, uint64_t c1_len) {
    if (!prover_id || !ticket || !seed || !comm_d || !comm_r || !c1) return sc_fail(SC_ERR_ARG, "verify: null argument");
    c1_layout L;
    int rc = layout_of(proof, &L);
    if (rc != SC_OK) return rc;
    if (c1_len != L.total)
        return sc_fail(SC_ERR_VERIFY, "verify: proof is %llu bytes, expected %llu for proof type %u",
                       (unsigned long long)c1_len, (unsigned long long)L.total, proof);
    const tree_shape *s = &L.s;
    const uint64_t N = L.pi.nodes;
    const uint32_t nl = L.pi.layers;
    uint8_t rid[32], hdr[C1_HEADER], two[64], root[32], want[32];
    sdr_graph g;
    int have_graph = 0;
    if ((rc = sc_replica_id(prover_id, sector_id, ticket, comm_d, L.pi.porep_id, rid)) != SC_OK) return rc;
    /* header: everything but comm_c / comm_r_last is determined by the public inputs */
    header_put(hdr, &L, proof, sector_id, prover_id, ticket, seed, comm_d, comm_r, rid, c1 + 224, c1 + 256);
    if (memcmp(hdr, c1, C1_HEADER) != 0) {
        for (int i = 0; i < (int)C1_HEADER; i++)
            if (hdr[i] != c1[i])
                VFAIL("verify: header byte %d differs from the public inputs (a proof of another sector or proof type?)", i);
    }
    const uint8_t *comm_c = c1 + 224, *comm_r_last = c1 + 256;
    memcpy(two, comm_c, 32);
    memcpy(two + 32, comm_r_last, 32);
    if (hash_nodes(2, two, root) != 0 || memcmp(root, comm_r, 32) != 0)
        VFAIL("verify: Poseidon(comm_c, comm_r_last) != comm_r");
    if ((rc = graph_init(&g, proof)) != SC_OK) return rc;
    have_graph = 1;
    const uint8_t *p = c1 + C1_HEADER;
    const poseidon_params *pc = poseidon_get((int)nl);
    for (uint32_t j = 0; j < L.partitions * L.cpp; j++) {
        uint64_t c = challenge_of(rid, seed, j, N);
        if (get64(p) != c) VFAIL("verify: challenge %u is %llu, expected %llu", j, (unsigned long long)get64(p), (unsigned long long)c);
        p += 8;
        uint32_t par[SDR_DEGREE];
        graph_parents(&g, c, par);
        const uint8_t *d_leaf = p;
        d_root(p, c, L.depth_d, p + 32, root);
        if (memcmp(root, comm_d, 32) != 0) VFAIL("verify: challenge %u: tree_d path does not lead to comm_d", j);
        p += 32 * (1 + L.depth_d);
        const uint8_t *r_leaf = p;
        if (p8_root(s, p, c, p + 32, root) != 0 || memcmp(root, comm_r_last, 32) != 0)
            VFAIL("verify: challenge %u: tree_r_last path does not lead to comm_r_last", j);
        p += 32 * (1 + L.sib);
        const uint8_t *cols[15];
        for (int k = -1; k < SDR_DEGREE; k++) {
            uint64_t node = k < 0 ? c : par[k];
            fr_t in[16], h;
            uint8_t leaf[32];
            cols[k + 1] = p;
            for (uint32_t l = 0; l < nl; l++)
                if (fr_from_bytes(&in[l], p + 32 * l) != 0) VFAIL("verify: challenge %u: column label not in Fr", j);
            poseidon_hash(pc, in, &h);
            fr_to_bytes(leaf, &h);
            if (p8_root(s, leaf, node, p + 32 * nl, root) != 0 || memcmp(root, comm_c, 32) != 0)
                VFAIL("verify: challenge %u: column of node %llu does not lead to comm_c", j, (unsigned long long)node);
            p += L.column_len;
        }
        for (uint32_t l = 1; l <= nl; l++) {
            int np = l == 1 ? 6 : 14;
            for (int k = 0; k < np; k++) {
                const uint8_t *col = cols[1 + k];
                uint32_t layer = k < 6 ? l : l - 1;   /* base parents: this layer, expander: previous */
                if (memcmp(p + 32 * k, col + 32 * (layer - 1), 32) != 0)
                    VFAIL("verify: challenge %u: labeling proof layer %u parent %d differs from its column", j, l, k);
            }
            label_from_parents(rid, l, c, p, want);
            if (memcmp(want, cols[0] + 32 * (l - 1), 32) != 0)
                VFAIL("verify: challenge %u: label of layer %u does not follow from its parents", j, l);
            p += 32 * np;
        }
        /* encoding: key = last layer label, data = tree_d leaf, replica = tree_r leaf = data + key */
        uint8_t sum[32];
        if (memcmp(p, cols[0] + 32 * (nl - 1), 32) != 0) VFAIL("verify: challenge %u: encoding key differs from the column", j);
        if (memcmp(p + 32, d_leaf, 32) != 0) VFAIL("verify: challenge %u: encoding data differs from the tree_d leaf", j);
        if (memcmp(p + 64, r_leaf, 32) != 0) VFAIL("verify: challenge %u: encoding replica differs from the tree_r_last leaf", j);
        if (fr_bytes_add(sum, p + 32, p) != 0 || memcmp(sum, p + 64, 32) != 0)
            VFAIL("verify: challenge %u: replica != data + key", j);
        p += 96;
    }
    rc = SC_OK;
out:
    if (have_graph) graph_free(&g);
    return rc;
}

sc_status sc_c2(uint32_t proof, const uint8_t prover_id[32], uint64_t sector_id, const uint8_t ticket[32],
          const uint8_t seed[32], const uint8_t comm_d[32], const uint8_t comm_r[32], const uint8_t *c1,
          uint64_t c1_len, uint8_t *proof_out, uint64_t proof_out_len) {
    if (!proof_out) return sc_fail(SC_ERR_ARG, "commit2: null argument");
    int rc = sc_verify_c1(proof, prover_id, sector_id, ticket, seed, comm_d, comm_r, c1, c1_len);
    if (rc != SC_OK) return rc;
    if (proof_out_len != c1_len)
        return sc_fail(SC_ERR_ARG, "commit2: output buffer is %llu bytes, expected %llu",
                       (unsigned long long)proof_out_len, (unsigned long long)c1_len);
    /* A SNARK prover plugs in here: it would take the verified vanilla proofs (partition by
     * partition: c1 + 288 + k * cpp * per-challenge bytes) and the public inputs, synthesize
     * the PoRep circuit and return partitions x 192-byte Groth16 proofs. Without the published
     * Groth16 parameters no such proof can be made, so the sector's proof is the verified
     * vanilla proof itself. */
    memcpy(proof_out, c1, c1_len);
    return SC_OK;
}
