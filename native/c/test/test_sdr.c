/* Part 1 known answers: fr32, zero commitments, CommP, CommD, replica id, graph seeds, parent
 * lists, parent cache names and digests (2 KiB, 8 MiB, V1 and V1_1), the 2 KiB SDR labels of
 * docs/proofs.md, multicore SDR, SHA-NI against the portable code, and bad input. */
#include "sealcore.h"
#include "../src/labels.h"
#include "../src/parents.h"
#include "../src/sha256.h"
#include "sdr_vectors.h"
#include <fcntl.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int passed, failed;
#define CHECK(name, cond) do { if (cond) passed++; else { failed++; fprintf(stderr, "FAIL %s (line %d)\n", (name), __LINE__); } } while (0)

static void unhex(uint8_t *out, const char *hex) {
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}
static int eqhex(const uint8_t *b, const char *hex) {
    char h[200];
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n; i++) sprintf(h + 2 * i, "%02x", b[i]);
    if (strcmp(h, hex) != 0) {
        fprintf(stderr, "  got  %s\n  want %s\n", h, hex);
        return 0;
    }
    return 1;
}

static char tmpdir[256];

static void test_sha256(void) {
    uint8_t data[64 * 40], ref[32], out[32];
    for (size_t i = 0; i < sizeof data; i++) data[i] = (uint8_t)(i * 131 + 7);
    for (size_t len = 0; len <= sizeof data; len += 97) {
        SHA256(data, len, ref);
        sha256_digest(data, len, out);
        CHECK("sha256 matches OpenSSL", memcmp(ref, out, 32) == 0);
    }
    uint32_t a[8], b[8];
    memcpy(a, SHA256_IV, 32);
    memcpy(b, SHA256_IV, 32);
    sha256_compress(a, data, 40);
    sha256_compress_portable(b, data, 40);
    CHECK("dispatched compression equals portable", memcmp(a, b, 32) == 0);
    printf("sha256 compression: %s\n", sc_sha256_impl());
}

static void test_fr32(void) {
    /* fr32_vector */
    uint8_t in[127], out[128], back[127], want[128];
    for (int i = 0; i < 127; i++) in[i] = (uint8_t)i;
    unhex(want, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f8084888c9094989ca0a4a8acb0b4b8bcc0c4c8ccd0d4d8dce0e4e8ecf0f4f83c03142434445464748494a4b4c4d4e4f404152535455565758595a5b5c5d5e535175898d8185999d9195a9ada1a5b9bdb1b5c9cdc1c5d9ddd1d5e9ede1e5f9f1f");
    CHECK("fr32 pad ok", sc_fr32_pad(in, 127, out, 128) == SC_OK);
    CHECK("fr32_vector padded", memcmp(out, want, 128) == 0);
    CHECK("fr32 unpad ok", sc_fr32_unpad(out, 128, back, 127) == SC_OK);
    CHECK("fr32 round trip", memcmp(back, in, 127) == 0);
    uint8_t rnd[127 * 4], pad[128 * 4], rt[127 * 4];
    for (size_t i = 0; i < sizeof rnd; i++) rnd[i] = (uint8_t)(i * 2654435761u >> 13);
    sc_fr32_pad(rnd, sizeof rnd, pad, sizeof pad);
    sc_fr32_unpad(pad, sizeof pad, rt, sizeof rt);
    CHECK("fr32 round trip on 4 chunks", memcmp(rnd, rt, sizeof rnd) == 0);
    CHECK("fr32 rejects 126 bytes", sc_fr32_pad(in, 126, out, 128) == SC_ERR_ARG && strstr(sc_last_error(), "127"));
    CHECK("fr32 rejects short output", sc_fr32_pad(in, 127, out, 127) == SC_ERR_ARG);
}

static void test_commitments(void) {
    uint8_t c[32];
    int all = 1;
    for (size_t i = 0; i < sizeof ZERO_TABLE / sizeof ZERO_TABLE[0]; i++) {
        if (sc_zero_commitment(ZERO_TABLE[i].size, c) != SC_OK || !eqhex(c, ZERO_TABLE[i].comm)) all = 0;
    }
    CHECK("zero_piece_commitments.table: all 37 sizes 32 B..2 TiB", all);
    CHECK("zero commitment rejects 96", sc_zero_commitment(96, c) == SC_ERR_ARG);
    /* commp_vectors[0] (go-commp-utils TestZeroPadding) */
    uint8_t piece[508] = {0};
    memcpy(piece, "i am the biggest cat, what do you think about that", 50);
    CHECK("CommP of 127 bytes", sc_commp_unpadded(piece, 127, c) == SC_OK && eqhex(c, "ecbf600a91ea9865fe66143c58132e5c4f4ef704fa62a350b324de46f860c439"));
    /* commp_vectors[1] (derived, 508 bytes) */
    CHECK("CommP of 508 bytes", sc_commp_unpadded(piece, 508, c) == SC_OK && eqhex(c, "f841b5124dea14f87de99c0a7f34e39c9179d904f23d621d8ea9cee27929fc30"));
    uint8_t padded[512];
    sc_fr32_pad(piece, 508, padded, 512);
    CHECK("CommP of padded 512 bytes", sc_commp_padded(padded, 512, c) == SC_OK && eqhex(c, "f841b5124dea14f87de99c0a7f34e39c9179d904f23d621d8ea9cee27929fc30"));
    CHECK("CommP rejects 300 bytes", sc_commp_unpadded(piece, 300, c) == SC_ERR_ARG);
    /* CommD: no pieces = zero commitment of the sector; aggregation with zero padding (docs/proofs.md, pieces.c) */
    CHECK("CommD empty 2 KiB", sc_comm_d(2048, NULL, NULL, 0, c) == SC_OK && eqhex(c, "fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833"));
    uint64_t sizes[2] = {512, 1024};
    uint8_t comms[64], z[32], manual[32], l[32];
    sc_commp_padded(padded, 512, comms);
    sc_zero_commitment(1024, comms + 32);
    CHECK("CommD of [512, 1024] ok", sc_comm_d(2048, sizes, comms, 2, c) == SC_OK);
    sc_zero_commitment(512, z);
    sha256_trunc254_pair(comms, z, l);
    sha256_trunc254_pair(l, comms + 32, manual);
    CHECK("CommD pads 512 with a zero piece before 1024", memcmp(c, manual, 32) == 0);
    uint8_t sector[2048] = {0};
    sc_fr32_pad(piece, 508, sector, 512);
    uint8_t root[32];
    sc_commp_padded(sector, 2048, root);
    CHECK("CommD equals the tree over the sector bytes", memcmp(c, root, 32) == 0);
    uint64_t big[1] = {4096};
    CHECK("CommD rejects pieces larger than the sector", sc_comm_d(2048, big, comms, 1, c) == SC_ERR_ARG && strstr(sc_last_error(), "exceed"));
    uint64_t bad[1] = {384};
    CHECK("CommD rejects a non power of two", sc_comm_d(2048, bad, comms, 1, c) == SC_ERR_ARG);
}

static void test_add_piece(void) {
    char staged[512], piece[512];
    snprintf(staged, sizeof staged, "%s/staged", tmpdir);
    snprintf(piece, sizeof piece, "%s/piece", tmpdir);
    uint8_t data[508] = {0};
    memcpy(data, "i am the biggest cat, what do you think about that", 50);
    FILE *f = fopen(piece, "wb");
    fwrite(data, 1, 508, f);
    fclose(f);
    uint8_t c[32], c2[32];
    uint64_t off = 99;
    CHECK("AddPiece 127 bytes", sc_add_piece(piece, 127, staged, 2048, c, &off) == SC_OK && off == 0 && eqhex(c, "ecbf600a91ea9865fe66143c58132e5c4f4ef704fa62a350b324de46f860c439"));
    CHECK("AddPiece 508 bytes aligned after 127", sc_add_piece(piece, 508, staged, 2048, c2, &off) == SC_OK && off == 512 && eqhex(c2, "f841b5124dea14f87de99c0a7f34e39c9179d904f23d621d8ea9cee27929fc30"));
    CHECK("AddPiece too large for the sector", sc_add_piece(NULL, 2032, staged, 2048, c2, &off) == SC_ERR_ARG && strstr(sc_last_error(), "does not fit"));
    struct stat sb;
    CHECK("failed AddPiece leaves the staged file as it was", stat(staged, &sb) == 0 && sb.st_size == 1024);
    CHECK("AddPiece of a short piece file", sc_add_piece(piece, 1016, staged, 4096, c2, &off) == SC_ERR_IO && strstr(sc_last_error(), "need 1016"));
    CHECK("AddPiece of a missing file", sc_add_piece("/nonexistent/piece", 127, staged, 2048, c2, &off) == SC_ERR_IO && strstr(sc_last_error(), "/nonexistent/piece"));
    CHECK("AddPiece bad size", sc_add_piece(NULL, 128, staged, 2048, c2, &off) == SC_ERR_ARG);
    unlink(staged);
    unlink(piece);
}

static void test_replica_and_porep(void) {
    uint8_t porep[32], prover[32] = {0xe8, 0x07}, ticket[32], commd[32], rid[32];
    memset(ticket, 1, 32);
    CHECK("porep_id of id 5", sc_porep_id(5, porep) == SC_OK && eqhex(porep, "0500000000000000000000000000000000000000000000000000000000000000"));
    CHECK("porep_id of 32 GiB V1_1", sc_porep_id(8, porep) == SC_OK && eqhex(porep, "0800000000000000000000000000000000000000000000000000000000000000"));
    CHECK("unknown proof id", sc_porep_id(20, porep) == SC_ERR_ARG && strstr(sc_last_error(), "20"));
    sc_porep_id(5, porep);
    unhex(commd, "fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833");
    /* seal_2KiB_lotus_bench_ticket01.expected.replica_id (docs/proofs.md) */
    CHECK("replica_id of the 2 KiB reference seal", sc_replica_id(prover, 1, ticket, commd, porep, rid) == SC_OK && eqhex(rid, "3e75e87332cd5d60132c1f9f9a8362e2e4cf190b46f4fd636fd8864b842d170b"));
}

static void test_graph(void) {
    int seeds_ok = 1;
    for (uint32_t id = 0; id < 10; id++) {
        sdr_graph g;
        if (graph_init(&g, id) != SC_OK) { seeds_ok = 0; continue; }
        if (!eqhex(g.drg_seed, GRAPH_SEEDS[id].seed28)) seeds_ok = 0;
        for (int k = 0; k < 4; k++) {
            char h[17];
            snprintf(h, sizeof h, "%016llx", (unsigned long long)g.keys[k]);
            if (strcmp(h, GRAPH_SEEDS[id].keys[k]) != 0) seeds_ok = 0;
        }
        graph_free(&g);
    }
    CHECK("graph_seeds for ids 0..9", seeds_ok);
    uint32_t p[14];
    int ok = 1;
    for (uint64_t n = 0; n < 64; n++) {
        sc_parents(5, n, p);
        for (int k = 0; k < 14; k++) if (p[k] != PARENTS_2K_V11[n][k]) ok = 0;
    }
    CHECK("parents_2KiB.v1_1_registered_id_5 (64 nodes)", ok);
    ok = 1;
    for (uint64_t n = 0; n < 8; n++) {
        sc_parents(0, n, p);
        for (int k = 0; k < 14; k++) if (p[k] != PARENTS_2K_V10[n][k]) ok = 0;
    }
    CHECK("parents_2KiB.v1_0_registered_id_0_first8", ok);
    sdr_graph g;
    graph_init(&g, 8);
    CHECK("32 GiB Feistel half_bits 17", g.half_bits == 17 && g.right_mask == 0x1ffff && g.left_mask == 0x3fffe0000ull);
    ok = 1;
    for (size_t i = 0; i < sizeof PARENTS_32G_V11 / sizeof PARENTS_32G_V11[0]; i++) {
        graph_parents(&g, PARENTS_32G_V11[i].node, p);
        for (int k = 0; k < 14; k++) if (p[k] != PARENTS_32G_V11[i].p[k]) ok = 0;
    }
    graph_free(&g);
    CHECK("parents_32GiB_V1_1_sample", ok);
    CHECK("parents: node out of range", sc_parents(5, 64, p) == SC_ERR_ARG && strstr(sc_last_error(), "64"));
}

static void test_parent_cache(void) {
    int names_ok = 1;
    for (size_t i = 0; i < sizeof CACHE_ENTRIES / sizeof CACHE_ENTRIES[0]; i++) {
        char name[SC_PARENT_CACHE_NAME_MAX];
        if (sc_parent_cache_name(CACHE_ENTRIES[i].id, name, sizeof name) != SC_OK || strcmp(name, CACHE_ENTRIES[i].file) != 0) {
            fprintf(stderr, "  id %u: %s\n", CACHE_ENTRIES[i].id, name);
            names_ok = 0;
        }
    }
    CHECK("parent_cache_digests: all 10 file names", names_ok);
    for (size_t i = 0; i < sizeof CACHE_ENTRIES / sizeof CACHE_ENTRIES[0]; i++) {
        if (CACHE_ENTRIES[i].size > (8u << 20)) continue;
        char path[512], label[128];
        uint8_t d[32];
        snprintf(path, sizeof path, "%s/%s", tmpdir, CACHE_ENTRIES[i].file);
        snprintf(label, sizeof label, "parent cache digest size %llu id %u", CACHE_ENTRIES[i].size, CACHE_ENTRIES[i].id);
        CHECK(label, sc_parent_cache_generate(CACHE_ENTRIES[i].id, path, 2, d, NULL) == SC_OK && eqhex(d, CACHE_ENTRIES[i].sha));
        uint32_t published = 0;
        CHECK("verify finds the published digest", sc_parent_cache_verify(CACHE_ENTRIES[i].id, path, d, &published) == SC_OK && published == 1);
    }
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, CACHE_ENTRIES[1].file);
    CHECK("verify rejects a cache of another proof", sc_parent_cache_verify(0, path, NULL, NULL) == SC_ERR_VERIFY && strstr(sc_last_error(), "differs"));
    CHECK("generate into a missing directory", sc_parent_cache_generate(5, "/nonexistent-dir/x.cache", 1, NULL, NULL) == SC_ERR_IO && strstr(sc_last_error(), "nonexistent-dir"));
    char ensured[512], sub[512];
    snprintf(sub, sizeof sub, "%s/parents", tmpdir);
    CHECK("ensure creates the cache in a new directory", sc_parent_cache_ensure(5, sub, ensured, sizeof ensured, NULL) == SC_OK && access(ensured, R_OK) == 0);
    unlink(ensured);
    rmdir(sub);
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, CACHE_ENTRIES[i].file);
        unlink(path);
    }
}

static void write_zero_sector(const char *path, uint64_t size) {
    uint8_t c[32];
    unlink(path);
    sc_add_piece(NULL, size / 128 * 127, path, size, c, NULL);
}

static int read_layer(const char *dir, int layer, uint8_t *buf, size_t len) {
    char p[512];
    snprintf(p, sizeof p, "%s/sc-02-data-layer-%d.dat", dir, layer);
    FILE *f = fopen(p, "rb");
    if (!f) return 0;
    size_t n = fread(buf, 1, len, f);
    int extra = fgetc(f);
    fclose(f);
    return n == len && extra == EOF;
}

static void test_pc1_2k(void) {
    char staged[512], cache[512], parents[512];
    snprintf(staged, sizeof staged, "%s/s2k", tmpdir);
    snprintf(cache, sizeof cache, "%s/cache2k", tmpdir);
    snprintf(parents, sizeof parents, "%s/parents", tmpdir);
    write_zero_sector(staged, 2048);
    uint8_t prover[32] = {0xe8, 0x07}, ticket[32], commd[32], rid[32], expect[32];
    memset(ticket, 1, 32);
    sc_zero_commitment(2048, expect);
    double st[6];
    int rc = sc_pc1(5, parents, staged, cache, prover, 1, ticket, expect, commd, rid, st, NULL);
    CHECK("PC1 2 KiB runs", rc == SC_OK);
    if (rc) fprintf(stderr, "  %s\n", sc_last_error());
    /* seal_2KiB_lotus_bench_ticket01.expected (docs/proofs.md) */
    CHECK("reference comm_d", eqhex(commd, "fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833"));
    CHECK("reference replica_id", eqhex(rid, "3e75e87332cd5d60132c1f9f9a8362e2e4cf190b46f4fd636fd8864b842d170b"));
    uint8_t l1[2048], l2[2048];
    CHECK("layer 1 file", read_layer(cache, 1, l1, 2048));
    CHECK("layer 2 file", read_layer(cache, 2, l2, 2048));
    CHECK("reference label_l1_n0", eqhex(l1, "a7cc1fe75634063bb01dba191aeb0256505eb56d24b67027b44989c8c0d2680e"));
    CHECK("reference label_l1_n1", eqhex(l1 + 32, "814c7f0921580b8b1ea6792e947beb21437c84d03aa972109456cfb20e88142b"));
    CHECK("reference label_l1_last", eqhex(l1 + 63 * 32, "66a9efa0aebf7acd5d06ffbd0ea8ab2ccf502a46826b7babf05501113823e112"));
    CHECK("reference label_l2_n0", eqhex(l2, "63fe55454ef7b6681b3e1c1458777606c5bda7ce33fa78aa3b3fb7412df68f29"));
    CHECK("reference label_l2_last", eqhex(l2 + 63 * 32, "f403883c85fbf18f7bdd78a5dbd27fbc1cb985e24b0e691290376f5f4cbab33e"));
    CHECK("stats: compressions", st[4] == 2.0 * (2 + 20 * 63));

    /* sdr_label_node agrees with the layer labels */
    uint32_t p[14];
    uint8_t one[32];
    sc_parents(5, 40, p);
    sdr_label_node(rid, 2, 40, p, l2, l1, one);
    CHECK("sdr_label_node equals the layer file", memcmp(one, l2 + 40 * 32, 32) == 0);

    /* multicore producers give the same labels */
    setenv("FIL_PROOFS_USE_MULTICORE_SDR", "1", 1);
    setenv("FIL_PROOFS_MULTICORE_SDR_PRODUCERS", "3", 1);
    char cache_mc[512];
    snprintf(cache_mc, sizeof cache_mc, "%s/cache2k-mc", tmpdir);
    rc = sc_pc1(5, parents, staged, cache_mc, prover, 1, ticket, NULL, commd, rid, st, NULL);
    uint8_t m1[2048], m2[2048];
    CHECK("multicore PC1 runs with 3 producers", rc == SC_OK && st[5] == 3);
    CHECK("multicore labels equal", read_layer(cache_mc, 1, m1, 2048) && read_layer(cache_mc, 2, m2, 2048) && !memcmp(m1, l1, 2048) && !memcmp(m2, l2, 2048));
    unsetenv("FIL_PROOFS_USE_MULTICORE_SDR");

    /* bad input */
    uint8_t wrong[32] = {1};
    CHECK("PC1 with a wrong comm_d", sc_pc1(5, parents, staged, cache, prover, 1, ticket, wrong, commd, rid, NULL, NULL) == SC_ERR_VERIFY && strstr(sc_last_error(), "comm_d"));
    CHECK("PC1 with an unknown proof", sc_pc1(42, parents, staged, cache, prover, 1, ticket, NULL, commd, rid, NULL, NULL) == SC_ERR_ARG && strstr(sc_last_error(), "42"));
    CHECK("PC1 with a sector of the wrong size", sc_pc1(6, parents, staged, cache, prover, 1, ticket, NULL, commd, rid, NULL, NULL) == SC_ERR_IO && strstr(sc_last_error(), "need 8388608"));
    CHECK("PC1 with a missing staged file", sc_pc1(5, parents, "/nonexistent/s", cache, prover, 1, ticket, NULL, commd, rid, NULL, NULL) == SC_ERR_IO && strstr(sc_last_error(), "/nonexistent/s"));
    CHECK("PC1 into an unwritable directory", sc_pc1(5, parents, staged, "/proc/sealcore-test", prover, 1, ticket, NULL, commd, rid, NULL, NULL) == SC_ERR_IO && strstr(sc_last_error(), "/proc/sealcore-test"));

    char cmd[2200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s' '%s' '%s'", cache, cache_mc, parents, staged);
    if (system(cmd) != 0) fprintf(stderr, "cleanup failed\n");
}

static void test_multicore_8m_layer(void) {
    /* the producers' hand-off (missing base parents, slot reuse) on a graph larger than the ring */
    sdr_graph g;
    graph_init(&g, 6);
    uint64_t nodes = g.pi.nodes;
    uint32_t *par = malloc(nodes * 14 * 4);
    for (uint64_t n = 0; n < nodes; n++) graph_parents(&g, n, par + 14 * n);
    graph_free(&g);
    uint8_t rid[32];
    memset(rid, 7, 32);
    rid[31] &= 0x3f;
    uint8_t *a1 = malloc(nodes * 32), *a2 = malloc(nodes * 32), *b1 = malloc(nodes * 32), *b2 = malloc(nodes * 32);
    sdr_label_layer(rid, 1, nodes, par, NULL, a1);
    sdr_label_layer(rid, 2, nodes, par, a1, a2);
    CHECK("multicore layer 1", sdr_label_layer_multicore(rid, 1, nodes, par, NULL, b1, 2) == SC_OK && !memcmp(a1, b1, nodes * 32));
    CHECK("multicore layer 2", sdr_label_layer_multicore(rid, 2, nodes, par, b1, b2, 3) == SC_OK && !memcmp(a2, b2, nodes * 32));
    free(a1); free(a2); free(b1); free(b2); free(par);
}

int main(void) {
    snprintf(tmpdir, sizeof tmpdir, "/tmp/sealcore-test-XXXXXX");
    if (!mkdtemp(tmpdir)) { perror("mkdtemp"); return 1; }
    test_sha256();
    test_fr32();
    test_commitments();
    test_add_piece();
    test_replica_and_porep();
    test_graph();
    test_parent_cache();
    test_pc1_2k();
    test_multicore_8m_layer();
    rmdir(tmpdir);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
