/* Poseidon known answers: neptune's test vectors (hash of Fr(0), Fr(1), ..., Fr(arity-1),
 * Strength::Standard) for arities 2, 4, 8, 11 and 16, and the first/last round constants and
 * MDS[0][0], all from the published vectors (native/src/test/resources/proof-vectors.json) ("poseidon_neptune"). The fast (sparse) path is
 * also compared with the textbook permutation on pseudo-random inputs. */
#include "../src/poseidon.h"
#include "sealcore.h"
#include "check_util.h"

static const struct { int arity, rp, nrc; const char *out, *rc0, *rclast, *mds00; } V[] = {
    {2, 55, 189, "ffe7029a363c202e9da6059d33a9fba661e1ef02d90f9e736ba5765ed7086539",
     "d8d36e9d000a32a7368b75a292ac1e50244abb1d8651bd237ae13afa4b069f66",
     "5c5e3965e0abe00bb85b4dc28ee312ed84586e46057a911a3506ddd5a5bfdf60",
     "01000000aaaaaaaa543d5455576d7ee258e56b06b03ad1ccdaa81371371a494d"},
    {4, 56, 320, "5d076266ff149801ec2713bf05466bfb99932279653cdb008a84e5a9104ba558",
     "ca15e2c7852207210958b717e3d9d3feb18e330a7d4c2cf32e5f0e6a7319c945",
     "ebc6bea471ffa5206de5296d223750ed57605c1a126a7a8f81e23bcbd874e934",
     "34333333cccccccc656a65669b953e3203e82d6c9e81ef512b4b2b4c98978e45"},
    {8, 57, 585, "e6a5386df534992ad9aec49c9d2e684b777067114200011255dea5a31d619423",
     "f9c2f4f25441984394d48ce4e74a2bc54ad86d77dbad3c8ce05f04c4120de96c",
     "8c9a9d5145e5050c6774fe3e0660891b014a9e447eabc4bc23f7b091eb753a3b",
     "abaaaaaa388ee3381cbfc67172242af6724c7957e568f0ee4838b125bd08c319"},
    {11, 57, 780, "6331692bc3bbe3cec18fb0ccd8dcf3097ae8eb32e237a56c287f22e5b2c10f0c",
     "e4bc89d06b09dee67db73a0f8ef106d5e00289f3c5bf997304b548e676956c1f",
     "166aab2a4eea297c198da0d6c54c741c642f1bf15cc973db730af37f93ca4345", NULL},
    {16, 59, 1139, "376d266040c791126f0a68306dbc8d5b631e876f5afbc2c18aae813366e23a2d", NULL, NULL, NULL},
};

int main(void) {
    uint8_t out[32];
    for (size_t v = 0; v < sizeof V / sizeof V[0]; v++) {
        const poseidon_params *p = poseidon_get(V[v].arity);
        CHECK("params", p != NULL);
        if (!p) continue;
        CHECK("partial rounds", poseidon_partial_rounds(p) == V[v].rp);
        CHECK("constant count", poseidon_round_constant_count(p) == V[v].nrc);
        fr_t in[16], o, o2;
        for (int i = 0; i < V[v].arity; i++) fr_from_u64(&in[i], (uint64_t)i);
        poseidon_hash(p, in, &o);
        fr_to_bytes(out, &o);
        CHECK("neptune vector (fast)", eqhex(out, V[v].out));
        poseidon_hash_reference(p, in, &o2);
        fr_to_bytes(out, &o2);
        CHECK("neptune vector (reference)", eqhex(out, V[v].out));
        if (V[v].rc0) {
            fr_to_bytes(out, poseidon_round_constant(p, 0));
            CHECK("rc[0]", eqhex(out, V[v].rc0));
            fr_to_bytes(out, poseidon_round_constant(p, V[v].nrc - 1));
            CHECK("rc[last]", eqhex(out, V[v].rclast));
        }
        if (V[v].mds00) {
            fr_to_bytes(out, poseidon_mds(p, 0, 0));
            CHECK("mds[0][0]", eqhex(out, V[v].mds00));
        }
        /* fast path == definition on pseudo-random inputs */
        uint64_t x = 0x9e3779b97f4a7c15ULL * (uint64_t)(v + 1);
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < V[v].arity; i++) {
                uint64_t lim[4];
                for (int k = 0; k < 4; k++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; lim[k] = x; }
                lim[3] &= 0x3fffffffffffffffULL;   /* < 2^254 < r */
                fr_to_mont(&in[i], lim);
            }
            poseidon_hash(p, in, &o);
            poseidon_hash_reference(p, in, &o2);
            CHECK("fast == reference", fr_eq(&o, &o2));
        }
        /* public byte API */
        uint8_t bytes[16 * 32];
        memset(bytes, 0, sizeof bytes);
        for (int i = 0; i < V[v].arity; i++) bytes[32 * i] = (uint8_t)i;
        CHECK("sc_poseidon_hash ok", sc_poseidon_hash((uint32_t)V[v].arity, bytes, 32u * V[v].arity, out) == 0);
        CHECK("sc_poseidon_hash vector", eqhex(out, V[v].out));
    }
    CHECK("unsupported arity", poseidon_get(3) == NULL);
    uint8_t bytes[64];
    memset(bytes, 0, sizeof bytes);
    CHECK("arity 3 rejected", sc_poseidon_hash(3, bytes, 96, out) == SC_ERR_ARG);
    CHECK("length checked", sc_poseidon_hash(2, bytes, 63, out) == SC_ERR_ARG);
    memset(bytes, 0xff, 32);
    CHECK("non-canonical rejected", sc_poseidon_hash(2, bytes, 64, out) == SC_ERR_ARG);
    CHECK("error message", strstr(sc_last_error(), "canonical") != NULL);
    DONE();
}
