package io.sealer.e2e.cluster;

import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.chain.DevChain;
import io.sealer.core.task.SectorId;
import io.sealer.proofs.CommCid;
import io.sealer.proofs.JnaSealingFfi;
import io.sealer.proofs.SealProofs;
import io.sealer.proofs.SealingFfi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a committed-capacity sector of the cluster must come out as, computed here without the
 * cluster: the dev chain's ticket for (miner, sector number), then AddPiece of zeros,
 * PreCommit1 and PreCommit2 through libsealcore in this JVM, with the prover id written out as
 * Filecoin defines it (the miner id as an unsigned varint, zero-padded to 32 bytes). Results
 * are kept per (size, sector) since the same inputs always seal the same way.
 */
final class ReferenceSeal {
    static final long SIZE_2KIB = 2L << 10;
    static final long SIZE_8MIB = 8L << 20;
    /** The cluster's default miner id and proof version (reference.conf, `miner run`). */
    private static final long MINER = ConfigFactory.load().getLong("sealer.miner.id");
    private static final String PROOF_VERSION = "1.1";
    private static final HexFormat HEX = HexFormat.of();
    private static final Map<String, Expected> SEALED = new ConcurrentHashMap<>();

    /** The seal proof id, the ticket in hex, and comm_d and comm_r as CIDs. */
    record Expected(int proof, String ticketHex, String commDCid, String commRCid) {}

    private ReferenceSeal() {}

    static void ensureParentCache(Path dir, long sectorSize) {
        JnaSealingFfi.get().ensureParentCache(SealProofs.id(sectorSize, PROOF_VERSION), dir);
    }

    static Expected of(Path parentCache, long sectorSize, long sectorNumber) {
        return SEALED.computeIfAbsent(sectorSize + "/" + sectorNumber, k -> seal(parentCache, sectorSize, sectorNumber));
    }

    private static Expected seal(Path parentCache, long sectorSize, long sectorNumber) {
        SealingFfi ffi = JnaSealingFfi.get();
        int proof = SealProofs.id(sectorSize, PROOF_VERSION);
        byte[] ticket = new DevChain(ConfigFactory.load().getString("sealer.chain.name"), Duration.ZERO)
                .ticket(new SectorId(MINER, sectorNumber));
        Path dir = null;
        try {
            dir = Files.createTempDirectory("reference-seal-");
            Path staged = dir.resolve("unsealed");
            Path cache = Files.createDirectories(dir.resolve("cache"));
            byte[] commD = ffi.addPiece(null, SealProofs.unpaddedSectorSize(proof), staged, sectorSize).commP();
            ffi.preCommit1(proof, parentCache, staged, cache, proverId(MINER), sectorNumber, ticket, commD);
            byte[] commR = ffi.preCommit2(proof, cache, staged, dir.resolve("sealed"), 2, commD).commR();
            return new Expected(proof, HEX.formatHex(ticket), CommCid.unsealed(commD), CommCid.sealed(commR));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    private static byte[] proverId(long miner) {
        byte[] out = new byte[32];
        int i = 0;
        long v = miner;
        while (v >= 0x80) {
            out[i++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out[i] = (byte) v;
        return out;
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; what is left goes with the machine's tmp
        }
    }
}
