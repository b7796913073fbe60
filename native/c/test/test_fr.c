/* Known-answer tests for Fr (BLS12-381 scalar field). The expected sums, differences,
 * products and inverses below were computed independently with Python big integers by a
 * generator script (random values with random.seed(4), plus r-1, 1, 2^255 mod r and a small
 * value) and pasted here; each hex string is the 32-byte little-endian canonical value. */
#include "../src/fr.h"
#include "check_util.h"

static const struct { const char *a, *b, *sum, *diff, *prod, *inv_a; } FR_CASES[] = {
    {"d7a56d3cfcf9a44dc716691acdaba1b8a912646543c6977a5a43ac27a967880b",
     "58b2e1c3c699100fec48d03857f434856edc6389b302395c7aacd446c9b3ce63",
     "2f584f00c393b55cb35f395324a0d63d18efc7eef6c8d0d6d4ef806e721b576f",
     "80f38b783460943eda2997e1785b2a87400ea2e5979b98512814750a335ba71b",
     "35919e5a0434834ce0b45bfb5d770003c3c0a4a5c225728747aa0bb89b61ad4a",
     "8c8f3521a5633e69b5b2796175bf991e15c6b2e19b152373e2d7298e24c0e666"},
    {"58b2e1c3c699100fec48d03857f434856edc6389b302395c7aacd446c9b3ce63",
     "a053524f66e4254a107981a0a1ca08de85735dbb030cfff5063ccada709b9c6c",
     "f70534132e7e3659fd6553d9f51a800fef771f3baf36fe1e396b01f8e6a77d5c",
     "b95e8f745fb5eac4da2b4d98b8cde9faed40a8d7b7ce7399bbeda795abbf1f6b",
     "2a9723d375b434e10cc056d684f3ddd1390fceb96ae24282bec3bdffc5bf9e70",
     "55e52b78c9a34181344d91620f521865bba5dc1c02807460587ace41579e6a44"},
    {"0abe332ccbdcadd30ed42e1be00d00434bf2e236cec865f1090b6fed34294803",
     "0100000000000000000000000000000000000000000000000000000000000000",
     "0bbe332ccbdcadd30ed42e1be00d00434bf2e236cec865f1090b6fed34294803",
     "09be332ccbdcadd30ed42e1be00d00434bf2e236cec865f1090b6fed34294803",
     "0abe332ccbdcadd30ed42e1be00d00434bf2e236cec865f1090b6fed34294803",
     "5c29aca7a225cd6207e4905d0f8118588f41a1ccfba82234ed04007df4fe3d45"},
    {"ad1a34d4b32b04a4b0c480ce0304a0424526eaccde42914527ff8431c2c31815",
     "d7a56d3cfcf9a44dc716691acdaba1b8a912646543c6977a5a43ac27a967880b",
     "84c0a110b025a9f177dbe9e8d0af41fbee384e32220929c0814231596b2ba120",
     "d674c697b7315f56e9ad17b43658fe899b1386679b7cf9caccbbd809195c9009",
     "6c75a7129cdc45531a4fadfcdc2cc06c4fdf98ea079b9d919135b00adf631c0a",
     "72cf79a84b563cfed29afb153301aba1e3a30e4767513f53cc887470c804b76a"},
    {"a053524f66e4254a107981a0a1ca08de85735dbb030cfff5063ccada709b9c6c",
     "ad1a34d4b32b04a4b0c480ce0304a0424526eaccde42914527ff8431c2c31815",
     "4c6e86231b102aeec1e1036fa22aebccc5c1a57eda765608e6bdb1e2dfb7c70d",
     "f3381e7bb2b821a65fb400d29dc6689b404d73ee24c96db0df3c45a9aed78357",
     "f4dd9b197bf36568cfa95ff880555d34960e0afd495208edeef0b04bed32c92a",
     "e45ea49ad2355f6b2fe53b962d04bfb5972374cc91d7ba94eed83128162c270f"},
    {"90014be17327555fca2a3316561b44d8f41b199b240260567ca0f4ab37c0a731",
     "00000000fffffffffe5bfeff02a4bd5305d8a10908d83933487d9d2953a7ed73",
     "8f014be17327555fca2a3316561b44d8f41b199b240260567ca0f4ab37c0a731",
     "91014be17327555fca2a3316561b44d8f41b199b240260567ca0f4ab37c0a731",
     "71feb41e8bd8aaa03431cbe9ac88797b10bc886ee3d5d9dccbdca87d1be74542",
     "3e6bb40b6950ab37e15546b3f5353fd755947fd1d4e053a5336d3b09fcb09915"},
    {"00000000fffffffffe5bfeff02a4bd5305d8a10908d83933487d9d2953a7ed73",
     "efcdab9078563412000000000000000000000000000000000000000000000000",
     "eecdab9078563412000000000000000000000000000000000000000000000000",
     "1132546f86a9cbedfe5bfeff02a4bd5305d8a10908d83933487d9d2953a7ed73",
     "1232546f86a9cbedfe5bfeff02a4bd5305d8a10908d83933487d9d2953a7ed73",
     "00000000fffffffffe5bfeff02a4bd5305d8a10908d83933487d9d2953a7ed73"},
    {"0100000000000000000000000000000000000000000000000000000000000000",
     "0abe332ccbdcadd30ed42e1be00d00434bf2e236cec865f1090b6fed34294803",
     "0bbe332ccbdcadd30ed42e1be00d00434bf2e236cec865f1090b6fed34294803",
     "f841ccd33323522cf087cfe42296bd10bae5bed2390fd4413e722e3c1e7ea570",
     "0abe332ccbdcadd30ed42e1be00d00434bf2e236cec865f1090b6fed34294803",
     "0100000000000000000000000000000000000000000000000000000000000000"},
    {"ffffffff0000000001a40100fd5b42acfa275ef6f727c6ccb78262d6ac58120c",
     "90014be17327555fca2a3316561b44d8f41b199b240260567ca0f4ab37c0a731",
     "8f014be17427555fcbce341653778684ef4377911c2a262334235782e418ba3d",
     "70feb41e8cd8aaa035d5cce9a9e4bb270be4e664dbfd9fa9835f0b54c83f584e",
     "5370a0c8908f67801afc8a76c7ce20168fa52244621cc5c5465ef5a760fab44f",
     "8080ebfcd3b6ee27bee0b8131e95df56d54cee9e140f08e4ae3a0160260d7d37"},
    {"efcdab9078563412000000000000000000000000000000000000000000000000",
     "ffffffff0000000001a40100fd5b42acfa275ef6f727c6ccb78262d6ac58120c",
     "eecdab907956341201a40100fd5b42acfa275ef6f727c6ccb78262d6ac58120c",
     "f1cdab9076563412feb7fcff05487ba70ab0431310b0736690fa3a53a64edb67",
     "37103bdae350ab11ae52445381fd784f0875e9f9c797303329db16b17035402d",
     "dae665f1b3708fa98e868990e47e50543ebe051abaf3bb5eea092caf49a58e6e"},
};

static void load(fr_t *x, const char *hex) {
    uint8_t b[32];
    unhex(b, hex, 32);
    if (fr_from_bytes(x, b) != 0) { fprintf(stderr, "bad constant %s\n", hex); failed++; }
}

int main(void) {
    size_t n = sizeof FR_CASES / sizeof FR_CASES[0];
    for (size_t i = 0; i < n; i++) {
        fr_t a, b, o, inv;
        uint8_t out[32];
        load(&a, FR_CASES[i].a);
        load(&b, FR_CASES[i].b);
        fr_to_bytes(out, &a);
        CHECK("bytes round trip", eqhex(out, FR_CASES[i].a));
        fr_add(&o, &a, &b); fr_to_bytes(out, &o);
        CHECK("add", eqhex(out, FR_CASES[i].sum));
        fr_sub(&o, &a, &b); fr_to_bytes(out, &o);
        CHECK("sub", eqhex(out, FR_CASES[i].diff));
        fr_mul(&o, &a, &b); fr_to_bytes(out, &o);
        CHECK("mul", eqhex(out, FR_CASES[i].prod));
        fr_mul(&o, &b, &a); fr_to_bytes(out, &o);
        CHECK("mul commutes", eqhex(out, FR_CASES[i].prod));
        CHECK("inv of nonzero", fr_inv(&inv, &a) == 0);
        fr_to_bytes(out, &inv);
        CHECK("inv", eqhex(out, FR_CASES[i].inv_a));
        fr_mul(&o, &a, &inv);
        CHECK("a * a^-1 = 1", fr_eq(&o, &FR_ONE));
        fr_t sq, sq2;
        fr_sqr(&sq, &a); fr_mul(&sq2, &a, &a);
        CHECK("sqr = mul", fr_eq(&sq, &sq2));
        fr_t p5, p5b;
        fr_pow5(&p5, &a);
        fr_mul(&p5b, &sq, &sq); fr_mul(&p5b, &p5b, &a);
        CHECK("pow5", fr_eq(&p5, &p5b));
        /* canonical-byte add/sub (the SDR encoding) agree with the Montgomery ones */
        uint8_t ab[32], bb[32];
        unhex(ab, FR_CASES[i].a, 32); unhex(bb, FR_CASES[i].b, 32);
        CHECK("bytes_add ok", fr_bytes_add(out, ab, bb) == 0);
        CHECK("bytes_add", eqhex(out, FR_CASES[i].sum));
        CHECK("bytes_sub ok", fr_bytes_sub(out, ab, bb) == 0);
        CHECK("bytes_sub", eqhex(out, FR_CASES[i].diff));
    }
    /* edge cases */
    fr_t z, one, m1, x;
    uint8_t out[32];
    CHECK("inv(0) fails", fr_inv(&z, &FR_ZERO) == -1);
    fr_from_u64(&one, 1);
    CHECK("from_u64(1) = R", fr_eq(&one, &FR_ONE));
    load(&m1, "00000000fffffffffe5bfeff02a4bd5305d8a10908d83933487d9d2953a7ed73");
    fr_add(&x, &m1, &one);
    CHECK("(r-1) + 1 = 0", fr_is_zero(&x));
    fr_sqr(&x, &m1);
    CHECK("(r-1)^2 = 1", fr_eq(&x, &FR_ONE));
    fr_neg(&x, &one);
    CHECK("-1 = r-1", fr_eq(&x, &m1));
    fr_sub(&x, &FR_ZERO, &one);
    CHECK("0 - 1 = r-1", fr_eq(&x, &m1));
    uint8_t rb[32], big[32];
    unhex(rb, "01000000fffffffffe5bfeff02a4bd5305d8a10908d83933487d9d2953a7ed73", 32);  /* r */
    CHECK("r rejected", fr_from_bytes(&x, rb) == -1);
    CHECK("r not canonical", !fr_bytes_canonical(rb));
    memset(big, 0xff, 32);
    CHECK("2^256-1 rejected", fr_from_bytes(&x, big) == -1);
    CHECK("bytes_add rejects non-canonical", fr_bytes_add(out, big, rb) == -1);
    rb[0] = 0;  /* r - 1 */
    CHECK("r-1 accepted", fr_from_bytes(&x, rb) == 0 && fr_eq(&x, &m1));
    fr_to_bytes(out, &FR_ZERO);
    CHECK("zero bytes", eqhex(out, "0000000000000000000000000000000000000000000000000000000000000000"));
    /* the MULX/ADCX/ADOX multiplication agrees with the portable C on 100000 pseudo-random
     * pairs and on the extremes (0, 1, r-1) */
    printf("fr_mul: %s\n", fr_mul_uses_adx() ? "mulx/adcx/adox" : "portable C");
    uint64_t s = 0x0123456789abcdefULL;
    int same = 1;
    fr_t ext[3] = {FR_ZERO, FR_ONE, m1};
    for (int i = 0; i < 100000; i++) {
        fr_t a, b, p1, p2;
        uint64_t la[4], lb[4];
        for (int k = 0; k < 4; k++) {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17; la[k] = s;
            s ^= s << 13; s ^= s >> 7; s ^= s << 17; lb[k] = s;
        }
        la[3] %= FR_MODULUS[3]; lb[3] %= FR_MODULUS[3];
        memcpy(a.l, la, 32); memcpy(b.l, lb, 32);
        if (i < 9) { a = ext[i % 3]; b = ext[i / 3]; }
        fr_mul_portable(&p1, &a, &b);
        fr_mul_adx(&p2, &a, &b);
        if (!fr_eq(&p1, &p2)) same = 0;
        fr_mul(&p2, &a, &b);
        if (!fr_eq(&p1, &p2)) same = 0;
    }
    CHECK("adx mul == portable mul", same);
    DONE();
}
