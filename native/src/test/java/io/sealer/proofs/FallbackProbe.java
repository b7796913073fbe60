package io.sealer.proofs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code InstructionSetFallbackTest} compares between this JVM and child JVMs started with
 * SEALCORE_NO_SHANI=1 or SEALCORE_NO_ADX=1: the implementations in use and results that go
 * through SHA-256 (CommP, parent cache digest, labels) and Fr multiplication (Poseidon, comm_r).
 * Run as a main class it prints them as key=value lines.
 */
final class FallbackProbe {
    private FallbackProbe() {}

    static Map<String, String> results(Path dir) throws Exception {
        SealingFfi ffi = JnaSealingFfi.get();
        HexFormat hex = HexFormat.of();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("sha256", ffi.sha256Implementation());
        out.put("frMul", ffi.frMulImplementation());
        byte[] piece = new byte[508];
        for (int i = 0; i < piece.length; i++) {
            piece[i] = (byte) (i * 7 + 3);
        }
        out.put("commP", hex.formatHex(ffi.commP(piece)));
        out.put("parentCache", hex.formatHex(ffi.generateParentCache(5, dir.resolve("p.cache"), 1)));
        byte[] in = new byte[32 * 8];
        for (int i = 0; i < 8; i++) {
            in[32 * i] = (byte) (i + 1);
        }
        out.put("poseidon8", hex.formatHex(ffi.poseidonHash(8, in)));
        Path staged = dir.resolve("staged");
        Files.write(staged, new byte[2048]);
        byte[] prover = ReferenceInputs.prover();
        byte[] ticket = ReferenceInputs.ticket();
        Path cache = dir.resolve("cache");
        PreCommit1Output pc1 = ffi.preCommit1(5, dir.resolve("parents"), staged, cache, prover, 1, ticket, null);
        out.put("replicaId", hex.formatHex(pc1.replicaId()));
        out.put("layer2", hex.formatHex(Files.readAllBytes(cache.resolve("sc-02-data-layer-2.dat"))).substring(0, 256));
        PreCommit2Output pc2 = ffi.preCommit2(5, cache, staged, dir.resolve("sealed"), 1, pc1.commD());
        out.put("commR", hex.formatHex(pc2.commR()));
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("sealcore-probe-");
        try {
            results(dir).forEach((k, v) -> System.out.println(k + "=" + v));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
