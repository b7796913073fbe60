package io.sealer.proofs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part 2 through JNA: neptune's Poseidon vectors, the complete 2 KiB reference vector of
 * docs/proofs.md (comm_d, comm_c, comm_r_last, comm_r and the CIDs), Commit1 /
 * verify / Commit2 / unseal, and bad input becoming exceptions instead of crashes.
 */
class PoRepFfiTest {
    private static final HexFormat HEX = HexFormat.of();
    private final SealingFfi ffi = JnaSealingFfi.get();

    @Test
    void poseidonNeptuneVectors() {
        // the published vectors (native/src/test/resources/proof-vectors.json) "poseidon_neptune": hash of Fr(0), ..., Fr(arity - 1)
        String[][] vectors = {
            {"2", "ffe7029a363c202e9da6059d33a9fba661e1ef02d90f9e736ba5765ed7086539"},
            {"4", "5d076266ff149801ec2713bf05466bfb99932279653cdb008a84e5a9104ba558"},
            {"8", "e6a5386df534992ad9aec49c9d2e684b777067114200011255dea5a31d619423"},
            {"11", "6331692bc3bbe3cec18fb0ccd8dcf3097ae8eb32e237a56c287f22e5b2c10f0c"},
        };
        for (String[] v : vectors) {
            int arity = Integer.parseInt(v[0]);
            byte[] in = new byte[32 * arity];
            for (int i = 0; i < arity; i++) {
                in[32 * i] = (byte) i;
            }
            assertEquals(v[1], HEX.formatHex(ffi.poseidonHash(arity, in)), "arity " + arity);
        }
        assertThrows(IllegalArgumentException.class, () -> ffi.poseidonHash(3, new byte[96]));
        assertThrows(IllegalArgumentException.class, () -> ffi.poseidonHash(2, new byte[63]));
        byte[] notFr = new byte[64];
        Arrays.fill(notFr, (byte) 0xff);
        SealingException e = assertThrows(SealingException.class, () -> ffi.poseidonHash(2, notFr));
        assertTrue(e.getMessage().contains("canonical"), e.getMessage());
    }

    @Test
    void cids() {
        assertEquals("baga6ea4seaqozp3abki6vgdf7ztbipcycmxfyt2o64cpuyvdkczsjxsg7bqmioi",
                CommCid.unsealed(HEX.parseHex("ecbf600a91ea9865fe66143c58132e5c4f4ef704fa62a350b324de46f860c439")));
    }

    @Test
    void twoKiBReferenceSealCommitUnseal(@TempDir Path dir) throws Exception {
        Path parents = Files.createDirectories(dir.resolve("parents"));
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path staged = dir.resolve("staged");
        Path sealed = dir.resolve("sealed");
        Files.write(staged, new byte[2048]);
        byte[] prover = ReferenceInputs.prover();
        byte[] ticket = ReferenceInputs.ticket();
        byte[] commD = ffi.preCommit1(5, parents, staged, cache, prover, 1, ticket, null).commD();

        PreCommit2Output out = ffi.preCommit2(5, cache, staged, sealed, 2, commD);
        assertEquals("fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833", HEX.formatHex(out.commD()));
        assertEquals("341fe7b18303170f67577d8e825f09e2cf6cf4c2b65d4fa2eaf4e2b70eeeb365", HEX.formatHex(out.commC()));
        assertEquals("90e693754e3cd7d23b1cbb26a69183485d04d7a96e8b0c2fef039a0f09bfef05", HEX.formatHex(out.commRLast()));
        assertEquals("77424390b36f74acd595c40d0e341f4fbff18623feaf8ad72fe73d7490d0d65c", HEX.formatHex(out.commR()));
        // CIDs of section 3 (expected strings computed independently with Python's base64.b32encode)
        assertEquals("baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy", CommCid.unsealed(out.commD()));
        assertEquals("bagboea4b5abca52cioilg33uvtkzlranby2b6t576gdch7vprlls7zz5osinbvs4", CommCid.sealed(out.commR()));

        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) 2);
        byte[] c1 = ffi.commit1(5, cache, sealed, prover, 1, ticket, seed, commD, out.commR());
        ffi.verifyCommit1(5, prover, 1, ticket, seed, commD, out.commR(), c1);
        assertArrayEquals(c1, ffi.commit2(5, prover, 1, ticket, seed, commD, out.commR(), c1));
        for (int i : new int[] {0, 100, 300, c1.length / 2, c1.length - 1}) {
            byte[] bad = c1.clone();
            bad[i] ^= 0x10;
            SealingException e = assertThrows(SealingException.class,
                    () -> ffi.verifyCommit1(5, prover, 1, ticket, seed, commD, out.commR(), bad));
            assertEquals(NativeStatus.ERR_VERIFY, e.status(), e.getMessage());
        }
        // a proof of another sector
        SealingException other = assertThrows(SealingException.class,
                () -> ffi.commit2(5, prover, 2, ticket, seed, commD, out.commR(), c1));
        assertTrue(other.getMessage().contains("verify"), other.getMessage());

        Path unsealed = dir.resolve("unsealed");
        ffi.unseal(5, cache, sealed, 0, 2048, unsealed);
        assertArrayEquals(new byte[2048], Files.readAllBytes(unsealed));
        assertArrayEquals(new byte[254], ffi.unsealPiece(5, cache, sealed, 254, 254));
        assertThrows(IllegalArgumentException.class, () -> ffi.unsealPiece(5, cache, sealed, 100, 127));
    }

    @Test
    void randomPieceReadsBackAfterSealing(@TempDir Path dir) throws Exception {
        byte[] data = new byte[2032];
        new java.util.Random(4).nextBytes(data);
        Path piece = dir.resolve("piece");
        Files.write(piece, data);
        Path staged = dir.resolve("staged"), cache = Files.createDirectories(dir.resolve("cache"));
        ffi.addPiece(piece, 2032, staged, 2048);
        byte[] prover = new byte[32];
        byte[] ticket = new byte[32];
        Arrays.fill(ticket, (byte) 9);
        PreCommit1Output pc1 = ffi.preCommit1(5, Files.createDirectories(dir.resolve("parents")), staged, cache, prover,
                3, ticket, null);
        Path sealed = dir.resolve("sealed");
        PreCommit2Output pc2 = ffi.preCommit2(5, cache, staged, sealed, 1, pc1.commD());
        assertArrayEquals(pc1.commD(), pc2.commD());
        assertTrue(Files.mismatch(staged, sealed) >= 0, "the replica differs from the data");
        assertArrayEquals(data, ffi.unsealPiece(5, cache, sealed, 0, 2032));
        assertArrayEquals(Arrays.copyOfRange(data, 1016, 2032), ffi.unsealPiece(5, cache, sealed, 1016, 1016));
    }

    /**
     * After Finalize has dropped the layers, PreCommit1 without a staged sector (only the
     * sector's comm_d) builds the same layers again, and the piece unseals from them.
     */
    @Test
    void layersRegeneratedWithoutTheDataUnsealTheSector(@TempDir Path dir) throws Exception {
        byte[] data = new byte[2032];
        new java.util.Random(5).nextBytes(data);
        Path piece = Files.write(dir.resolve("piece"), data);
        Path staged = dir.resolve("staged"), cache = Files.createDirectories(dir.resolve("cache"));
        Path parents = Files.createDirectories(dir.resolve("parents"));
        ffi.addPiece(piece, 2032, staged, 2048);
        byte[] prover = new byte[32];
        byte[] ticket = new byte[32];
        Arrays.fill(ticket, (byte) 7);
        PreCommit1Output pc1 = ffi.preCommit1(5, parents, staged, cache, prover, 4, ticket, null);
        Path sealed = dir.resolve("sealed");
        ffi.preCommit2(5, cache, staged, sealed, 1, pc1.commD());
        byte[] key = Files.readAllBytes(cache.resolve("sc-02-data-layer-2.dat"));
        Files.delete(staged);

        Path again = Files.createDirectories(dir.resolve("again"));
        PreCommit1Output regenerated = ffi.preCommit1(5, parents, null, again, prover, 4, ticket, pc1.commD());
        assertArrayEquals(pc1.replicaId(), regenerated.replicaId());
        assertArrayEquals(key, Files.readAllBytes(again.resolve("sc-02-data-layer-2.dat")));
        assertArrayEquals(data, ffi.unsealPiece(5, again, sealed, 0, 2032));
        assertThrows(IllegalArgumentException.class,
                () -> ffi.preCommit1(5, parents, null, again, prover, 4, ticket, null), "no data and no comm_d");
    }

    /** 8 MiB of random data through every phase (about 10 s of PreCommit2, so tagged slow). */
    @Test
    @Tag("slow")
    void eightMiBRandomSectorSealsProvesAndUnseals(@TempDir Path dir) throws Exception {
        int unpadded = 8323072;
        byte[] data = new byte[unpadded];
        new java.util.Random(8).nextBytes(data);
        Path piece = dir.resolve("piece");
        Files.write(piece, data);
        Path staged = dir.resolve("staged"), cache = Files.createDirectories(dir.resolve("cache"));
        ffi.addPiece(piece, unpadded, staged, 8L << 20);
        byte[] prover = SealInputs.hex32("prover", "e807" + "00".repeat(30));
        byte[] ticket = new byte[32], seed = new byte[32];
        Arrays.fill(ticket, (byte) 5);
        Arrays.fill(seed, (byte) 6);
        PreCommit1Output pc1 = ffi.preCommit1(6, Files.createDirectories(dir.resolve("parents")), staged, cache, prover,
                77, ticket, null);
        Path sealed = dir.resolve("sealed");
        PreCommit2Output pc2 = ffi.preCommit2(6, cache, staged, sealed, 2, pc1.commD());
        byte[] c1 = ffi.commit1(6, cache, sealed, prover, 77, ticket, seed, pc2.commD(), pc2.commR());
        assertEquals(47984, c1.length);
        assertArrayEquals(c1, ffi.commit2(6, prover, 77, ticket, seed, pc2.commD(), pc2.commR(), c1));
        byte[] bad = c1.clone();
        bad[c1.length - 200] ^= 1;
        assertThrows(SealingException.class,
                () -> ffi.verifyCommit1(6, prover, 77, ticket, seed, pc2.commD(), pc2.commR(), bad));
        assertArrayEquals(data, ffi.unsealPiece(6, cache, sealed, 0, unpadded));
    }

    @Test
    void badInputIsAnExceptionNotACrash(@TempDir Path dir) throws Exception {
        byte[] b32 = new byte[32];
        assertThrows(IllegalArgumentException.class, () -> SealInputs.hex32("ticket", "0102"));
        assertThrows(IllegalArgumentException.class, () -> SealInputs.hex32("ticket", "zz".repeat(32)));
        assertEquals(32, SealInputs.hex32("ticket", "01".repeat(32)).length);
        assertThrows(IllegalArgumentException.class,
                () -> ffi.commit1(5, dir, dir.resolve("s"), b32, 1, new byte[31], b32, b32, b32));
        assertThrows(IllegalArgumentException.class,
                () -> ffi.verifyCommit1(5, b32, 1, b32, new byte[33], b32, b32, new byte[10]));
        assertThrows(IllegalArgumentException.class,
                () -> ffi.verifyCommit1(12, b32, 1, b32, b32, b32, b32, new byte[10]));
        assertThrows(IllegalArgumentException.class,
                () -> ffi.verifyCommit1(5, b32, -1, b32, b32, b32, b32, new byte[10]));
        assertThrows(IllegalArgumentException.class, () -> ffi.preCommit2(42, dir, dir, dir, 1, null));
        assertThrows(IllegalArgumentException.class, () -> ffi.preCommit2(5, dir, dir, dir, 0, null));
        assertThrows(IllegalArgumentException.class, () -> ffi.unseal(5, dir, dir, 3, 32, dir.resolve("o")));
        // C-side checks: empty cache directory, wrong proof length
        Files.write(dir.resolve("staged"), new byte[2048]);
        SealingException e = assertThrows(SealingException.class,
                () -> ffi.preCommit2(5, dir, dir.resolve("staged"), dir.resolve("sealed"), 1, null));
        assertTrue(e.getMessage().contains("layer"), e.getMessage());
        e = assertThrows(SealingException.class, () -> ffi.verifyCommit1(5, b32, 1, b32, b32, b32, b32, new byte[10]));
        assertTrue(e.getMessage().contains("bytes"), e.getMessage());
        assertEquals(0, Files.list(dir).filter(p -> p.toString().contains(".tmp")).count());
    }
}
