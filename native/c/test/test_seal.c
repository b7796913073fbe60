/* PreCommit2 known answers: the complete 2 KiB reference vector of docs/proofs.md
 * (StackedDrg2KiBV1_1, zero data, miner t01000, sector 1, ticket 32 x 0x01): comm_d,
 * replica_id, replica node 0, comm_c, comm_r_last and comm_r (and its CID in the Java tests).
 * Also: 1 and 2 threads give the same roots; corrupt and wrong-size cache files are errors;
 * unsealing gives the data back; the interactive challenge example of proof-vectors.json
 * ("interactive_challenges_example": N = 64, seed 32 x 0x01 -> 15, 45); Commit1 output verifies,
 * and fails with any flipped byte (every header byte, then every 29th byte and the last), with
 * another sector's inputs and with a wrong length; Commit2 returns the verified proof. */
#include "sealcore.h"
#include "check_util.h"
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_file(const char *path, const uint8_t *d, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t w = fwrite(d, 1, n, f);
    fclose(f);
    return w == n ? 0 : -1;
}
static uint8_t *read_file(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(*n ? *n : 1);
    if (fread(b, 1, *n, f) != *n) { free(b); b = NULL; }
    fclose(f);
    return b;
}


/* 1 when the cache directory holds nothing but the PreCommit1 layer files (no trees, no p_aux,
 * no temporary file). */
static int only_layers_left(const char *cache) {
    DIR *d = opendir(cache);
    if (!d) return 0;
    int ok = 1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        unsigned layer;
        char tail[8];
        if (sscanf(e->d_name, "sc-02-data-layer-%u.da%1s", &layer, tail) != 2 || strstr(e->d_name, ".tmp")) {
            fprintf(stderr, "  left behind: %s\n", e->d_name);
            ok = 0;
        }
    }
    closedir(d);
    return ok;
}

/* Unsealing an 8 MiB sector of random data gives the data back: AddPiece-style fr32 padding of
 * 8323072 random bytes, PreCommit1, the PreCommit2 encoding, then unsealing the whole sector
 * and a sub-range (and fr32-unpadding them) must return exactly the original bytes. */
static void test_unseal_8m(const char *dir) {
    const uint64_t unpadded = 8323072, padded = 8388608;
    char parents[300], cache[300], staged[300], sealed[300], out[300];
    snprintf(parents, sizeof parents, "%s/p8", dir);
    snprintf(cache, sizeof cache, "%s/c8", dir);
    snprintf(staged, sizeof staged, "%s/s8", dir);
    snprintf(sealed, sizeof sealed, "%s/r8", dir);
    snprintf(out, sizeof out, "%s/u8", dir);
    mkdir(parents, 0755);
    mkdir(cache, 0755);
    uint8_t *raw = malloc(unpadded), *pad = malloc(padded), *back = malloc(unpadded);
    uint64_t x = 0x243f6a8885a308d3ULL;
    for (uint64_t i = 0; i < unpadded; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; raw[i] = (uint8_t)x; }
    CHECK("fr32 pad", sc_fr32_pad(raw, unpadded, pad, padded) == 0);
    CHECK("8 MiB staged written", write_file(staged, pad, padded) == 0);
    uint8_t prover[32] = {0xe8, 0x07}, ticket[32], comm_d[32], rid[32];
    memset(ticket, 7, 32);
    int rc = sc_pc1(6, parents, staged, cache, prover, 9, ticket, NULL, comm_d, rid, NULL, NULL);
    CHECK("8 MiB pc1", rc == 0);
    if (rc) fprintf(stderr, "pc1: %s\n", sc_last_error());
    CHECK("8 MiB encode", sc_encode_replica(6, cache, staged, sealed, 2) == 0);
    size_t n = 0;
    uint8_t *rep = read_file(sealed, &n);
    CHECK("replica differs from data", rep && n == padded && memcmp(rep, pad, 4096) != 0);
    free(rep);
    CHECK("8 MiB unseal", sc_unseal_range(6, cache, sealed, 0, padded, out) == 0);
    uint8_t *un = read_file(out, &n);
    CHECK("8 MiB unsealed = padded data", un && n == padded && memcmp(un, pad, padded) == 0);
    CHECK("fr32 unpad", un && sc_fr32_unpad(un, padded, back, unpadded) == 0);
    CHECK("8 MiB round trip of the random bytes", memcmp(back, raw, unpadded) == 0);
    free(un);
    /* a piece in the middle: padded [2 MiB, 2 MiB + 1 MiB) = unpadded [2080768, +1040384) */
    CHECK("8 MiB unseal range", sc_unseal_range(6, cache, sealed, 2097152, 1048576, out) == 0);
    un = read_file(out, &n);
    CHECK("range unpads to the piece", un && n == 1048576 && sc_fr32_unpad(un, 1048576, back, 1040384) == 0 &&
                                         memcmp(back, raw + 2080768, 1040384) == 0);
    free(un);
    free(raw); free(pad); free(back);
}

int main(void) {
    char dir[] = "/tmp/sc-test-pc2-XXXXXX";
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    char parents[300], cache[300], staged[300], sealed[300], p[400];
    snprintf(parents, sizeof parents, "%s/parents", dir);
    snprintf(cache, sizeof cache, "%s/cache", dir);
    snprintf(staged, sizeof staged, "%s/staged", dir);
    snprintf(sealed, sizeof sealed, "%s/sealed", dir);
    mkdir(parents, 0755);
    mkdir(cache, 0755);
    uint8_t zeros[2048] = {0};
    CHECK("staged written", write_file(staged, zeros, sizeof zeros) == 0);

    uint8_t prover[32] = {0xe8, 0x07}, ticket[32], comm_d[32], rid[32];
    memset(ticket, 1, 32);
    int rc = sc_pc1(5, parents, staged, cache, prover, 1, ticket, NULL, comm_d, rid, NULL, NULL);
    CHECK("pc1 ok", rc == 0);
    if (rc) fprintf(stderr, "pc1: %s\n", sc_last_error());
    CHECK("comm_d", eqhex(comm_d, "fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833"));
    CHECK("replica_id", eqhex(rid, "3e75e87332cd5d60132c1f9f9a8362e2e4cf190b46f4fd636fd8864b842d170b"));

    for (uint32_t threads = 1; threads <= 2; threads++) {
        uint8_t d[32], c[32], rl[32], r[32];
        double st[4];
        rc = sc_pc2(5, cache, staged, sealed, threads, comm_d, d, c, rl, r, st, NULL);
        CHECK("pc2 ok", rc == 0);
        if (rc) fprintf(stderr, "pc2: %s\n", sc_last_error());
        CHECK("pc2 comm_d", eqhex(d, "fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833"));
        CHECK("comm_c", eqhex(c, "341fe7b18303170f67577d8e825f09e2cf6cf4c2b65d4fa2eaf4e2b70eeeb365"));
        CHECK("comm_r_last", eqhex(rl, "90e693754e3cd7d23b1cbb26a69183485d04d7a96e8b0c2fef039a0f09bfef05"));
        CHECK("comm_r", eqhex(r, "77424390b36f74acd595c40d0e341f4fbff18623feaf8ad72fe73d7490d0d65c"));
    }
    size_t n = 0;
    uint8_t *rep = read_file(sealed, &n);
    CHECK("sealed size", rep && n == 2048);
    if (rep) CHECK("replica_n0", eqhex(rep, "63fe55454ef7b6681b3e1c1458777606c5bda7ce33fa78aa3b3fb7412df68f29"));
    free(rep);
    snprintf(p, sizeof p, "%s/sc-02-data-tree-r-last.dat", cache);
    uint8_t *tr = read_file(p, &n);
    CHECK("tree_r_last size (8 + 1 nodes)", tr && n == 9 * 32);
    if (tr) CHECK("tree_r_last root", eqhex(tr + 8 * 32, "90e693754e3cd7d23b1cbb26a69183485d04d7a96e8b0c2fef039a0f09bfef05"));
    free(tr);

    /* unseal gives the zeros back, whole sector and a sub-range */
    snprintf(p, sizeof p, "%s/unsealed", dir);
    CHECK("unseal ok", sc_unseal_range(5, cache, sealed, 0, 2048, p) == 0);
    uint8_t *un = read_file(p, &n);
    CHECK("unsealed = data", un && n == 2048 && memcmp(un, zeros, 2048) == 0);
    free(un);
    CHECK("unseal range ok", sc_unseal_range(5, cache, sealed, 1024, 64, p) == 0);
    un = read_file(p, &n);
    CHECK("unsealed range", un && n == 64 && memcmp(un, zeros, 64) == 0);
    free(un);
    CHECK("unaligned range rejected", sc_unseal_range(5, cache, sealed, 1, 64, p) == SC_ERR_ARG);
    CHECK("range outside sector rejected", sc_unseal_range(5, cache, sealed, 2048, 32, p) == SC_ERR_ARG);


    /* challenges: the derived example of proof-vectors.json */
    uint8_t crid[32], cseed[32];
    uint64_t ch[2];
    unhex(crid, "2940faa406e4c6cbad015e2b08e76fd9e3b0e5b852cea7f8174c02ba33039a01", 32);
    memset(cseed, 1, 32);
    CHECK("challenges ok", sc_interactive_challenges(5, crid, cseed, ch, 2) == 0);
    CHECK("challenge vector", ch[0] == 15 && ch[1] == 45);
    CHECK("challenge count checked", sc_interactive_challenges(5, crid, cseed, ch, 3) == SC_ERR_ARG);

    /* Commit1 / verify / Commit2 on the 2 KiB sector */
    uint8_t seed[32], comm_r[32], comm_c[32], comm_rl[32], dd[32];
    memset(seed, 2, 32);
    CHECK("pc2 again", sc_pc2(5, cache, staged, sealed, 1, NULL, dd, comm_c, comm_rl, comm_r, NULL, NULL) == 0);
    uint64_t len = 0;
    CHECK("c1 length", sc_c1_output_len(5, &len) == 0 && len > 288);
    uint8_t *c1 = malloc(len), *c2 = malloc(len);
    rc = sc_c1(5, cache, sealed, prover, 1, ticket, seed, comm_d, comm_r, c1, len);
    CHECK("c1 ok", rc == 0);
    if (rc) fprintf(stderr, "c1: %s\n", sc_last_error());
    CHECK("c1 wrong buffer size", sc_c1(5, cache, sealed, prover, 1, ticket, seed, comm_d, comm_r, c1, len - 1) == SC_ERR_ARG);
    CHECK("c1 wrong comm_r", sc_c1(5, cache, sealed, prover, 1, ticket, seed, comm_d, comm_d, c2, len) == SC_ERR_ARG);
    rc = sc_verify_c1(5, prover, 1, ticket, seed, comm_d, comm_r, c1, len);
    CHECK("verify ok", rc == 0);
    if (rc) fprintf(stderr, "verify: %s\n", sc_last_error());
    CHECK("c2 ok", sc_c2(5, prover, 1, ticket, seed, comm_d, comm_r, c1, len, c2, len) == 0);
    CHECK("c2 returns the verified proof", memcmp(c1, c2, len) == 0);
    CHECK("other sector number fails", sc_verify_c1(5, prover, 2, ticket, seed, comm_d, comm_r, c1, len) == SC_ERR_VERIFY);
    uint8_t other[32];
    memset(other, 3, 32);
    CHECK("other seed fails", sc_verify_c1(5, prover, 1, ticket, other, comm_d, comm_r, c1, len) == SC_ERR_VERIFY);
    CHECK("other ticket fails", sc_verify_c1(5, prover, 1, other, seed, comm_d, comm_r, c1, len) == SC_ERR_VERIFY);
    CHECK("other comm_r fails", sc_verify_c1(5, prover, 1, ticket, seed, comm_d, comm_c, c1, len) == SC_ERR_VERIFY);
    CHECK("V1 proof type fails", sc_verify_c1(0, prover, 1, ticket, seed, comm_d, comm_r, c1, len) == SC_ERR_VERIFY);
    CHECK("short proof fails", sc_verify_c1(5, prover, 1, ticket, seed, comm_d, comm_r, c1, len - 1) == SC_ERR_VERIFY);
    CHECK("c2 of a bad proof fails", sc_c2(5, prover, 2, ticket, seed, comm_d, comm_r, c1, len, c2, len) == SC_ERR_VERIFY);
    CHECK("synthetic proof types rejected", sc_c1_output_len(10, &len) == SC_ERR_ARG && sc_c1_output_len(5, &len) == 0);
    int flips = 0, caught = 0;
    for (uint64_t i = 0; i < len; i += (i < 288 ? 1 : 29)) {
        for (int bit = 0; bit < 8; bit += 7) {
            c1[i] ^= (uint8_t)(1u << bit);
            flips++;
            if (sc_verify_c1(5, prover, 1, ticket, seed, comm_d, comm_r, c1, len) == SC_ERR_VERIFY) caught++;
            else fprintf(stderr, "flip of byte %llu bit %d not detected\n", (unsigned long long)i, bit);
            c1[i] ^= (uint8_t)(1u << bit);
        }
    }
    c1[len - 1] ^= 1;
    flips++;
    if (sc_verify_c1(5, prover, 1, ticket, seed, comm_d, comm_r, c1, len) == SC_ERR_VERIFY) caught++;
    c1[len - 1] ^= 1;
    printf("flipped %d bytes, %d rejected\n", flips, caught);
    CHECK("every flipped byte is rejected", flips == caught);
    CHECK("restored proof verifies", sc_verify_c1(5, prover, 1, ticket, seed, comm_d, comm_r, c1, len) == 0);
    free(c1);
    free(c2);

    /* a layer file of another sector (here: a flipped label) makes Commit1 fail, not lie */
    {
        snprintf(p, sizeof p, "%s/sc-02-data-layer-1.dat", cache);
        size_t ln = 0;
        uint8_t *l1 = read_file(p, &ln);
        uint8_t *l1b = malloc(ln);
        memcpy(l1b, l1, ln);
        for (size_t k = 0; k < ln; k += 32) l1b[k] ^= 1;
        write_file(p, l1b, ln);
        uint64_t cl = 0;
        sc_c1_output_len(5, &cl);
        uint8_t *cbuf = malloc(cl);
        CHECK("c1 with a foreign layer fails", sc_c1(5, cache, sealed, prover, 1, ticket, seed, comm_d, comm_r, cbuf, cl) == SC_ERR_IO);
        CHECK("c1 says why", strstr(sc_last_error(), "do not verify") != NULL);
        write_file(p, l1, ln);
        free(cbuf); free(l1); free(l1b);
    }

    /* bad input */
    uint8_t d[32], c[32], rl[32], r[32];
    uint8_t wrong[32] = {0};
    CHECK("wrong expected comm_d", sc_pc2(5, cache, staged, sealed, 1, wrong, d, c, rl, r, NULL, NULL) == SC_ERR_VERIFY);
    CHECK("a failed PreCommit2 removes what it wrote", only_layers_left(cache) && access(sealed, F_OK) != 0);
    CHECK("wrong proof size (8 MiB id on a 2 KiB cache)", sc_pc2(6, cache, staged, sealed, 1, NULL, d, c, rl, r, NULL, NULL) == SC_ERR_IO);
    CHECK("message names the size", strstr(sc_last_error(), "size") != NULL);
    CHECK("unknown proof", sc_pc2(99, cache, staged, sealed, 1, NULL, d, c, rl, r, NULL, NULL) == SC_ERR_ARG);
    snprintf(p, sizeof p, "%s/sc-02-data-layer-2.dat", cache);
    uint8_t *layer = read_file(p, &n);
    uint8_t *bad = malloc(2048);
    memcpy(bad, layer, 2048);
    memset(bad + 32 * 5, 0xff, 32);  /* not an Fr element */
    write_file(p, bad, 2048);
    CHECK("corrupt label rejected", sc_pc2(5, cache, staged, sealed, 1, NULL, d, c, rl, r, NULL, NULL) == SC_ERR_ARG);
    CHECK("message names the node", strstr(sc_last_error(), "node 5") != NULL);
    write_file(p, bad, 1000);
    CHECK("short layer file rejected", sc_pc2(5, cache, staged, sealed, 1, NULL, d, c, rl, r, NULL, NULL) == SC_ERR_IO);
    write_file(p, layer, 2048);
    free(layer);
    free(bad);
    test_unseal_8m(dir);
    snprintf(p, sizeof p, "rm -rf %s", dir);
    if (system(p) != 0) fprintf(stderr, "cleanup failed\n");
    DONE();
}
