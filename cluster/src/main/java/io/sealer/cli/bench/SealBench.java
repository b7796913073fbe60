package io.sealer.cli.bench;

import io.sealer.proofs.SealInputs;
import io.sealer.proofs.SealProofs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Shared pieces of the PreCommit2 / Commit / unseal / seal benchmarks: sector sizes and proof
 * ids, the fixed defaults (miner t01000, sector 1, ticket 32 x 0x01, seed 32 x 0x02), prover
 * ids, commitments read back from a cache directory, and the JSON line.
 */
final class SealBench {
    static final String DEFAULT_MINER = "t01000";
    static final long DEFAULT_SECTOR = 1;
    static final String DEFAULT_TICKET = "0101010101010101010101010101010101010101010101010101010101010101";
    static final String DEFAULT_SEED = "0202020202020202020202020202020202020202020202020202020202020202";

    private SealBench() {}

    /** Registered seal proof: StackedDrg<size>V1 (0..4) or V1_1 (5..9). */
    static int proof(String size, String proofVersion) {
        return SealProofs.id(SealProofs.parseSize(size), proofVersion);
    }

    /** prover_id of an ID address (t01000 / f01000 / 1000): uvarint(actor id), zero padded to 32 bytes. */
    static byte[] proverId(String miner) {
        String m = miner.trim();
        if (m.length() > 2 && (m.charAt(0) == 't' || m.charAt(0) == 'f') && m.charAt(1) == '0') {
            m = m.substring(2);
        }
        long id;
        try {
            id = Long.parseLong(m);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("miner must be an ID address like t01000, got " + miner);
        }
        if (id < 0) {
            throw new IllegalArgumentException("miner id must not be negative: " + miner);
        }
        byte[] out = new byte[32];
        int i = 0;
        long v = id;
        do {
            byte b = (byte) (v & 0x7f);
            v >>>= 7;
            out[i++] = v != 0 ? (byte) (b | 0x80) : b;
        } while (v != 0);
        return out;
    }

    static byte[] ticket(String hex) {
        return SealInputs.hex32("ticket", hex);
    }

    static byte[] seed(String hex) {
        return SealInputs.hex32("seed", hex);
    }

    /** comm_d: the root (last node) of <cache>/sc-02-data-tree-d.dat. */
    static byte[] commDFromCache(Path cacheDir, long sectorBytes) throws IOException {
        Path p = cacheDir.resolve("sc-02-data-tree-d.dat");
        long expect = (2 * sectorBytes - 32);
        if (!Files.isRegularFile(p) || Files.size(p) != expect) {
            throw new IllegalArgumentException(p + " is missing or not " + expect + " bytes (run PreCommit2 first)");
        }
        try (var ch = Files.newByteChannel(p)) {
            var buf = java.nio.ByteBuffer.allocate(32);
            ch.position(expect - 32);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read the root
            }
            return buf.array();
        }
    }

    /** comm_c || comm_r_last from <cache>/p_aux. */
    static byte[] pAux(Path cacheDir) throws IOException {
        Path p = cacheDir.resolve("p_aux");
        if (!Files.isRegularFile(p) || Files.size(p) != 64) {
            throw new IllegalArgumentException(p + " is missing or not 64 bytes (run PreCommit2 first)");
        }
        return Files.readAllBytes(p);
    }

    static byte[] slice(byte[] b, int from, int len) {
        return Arrays.copyOfRange(b, from, from + len);
    }

    static String secs(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /** The --json line: {"size": bytes, <extra>, "phases": {...}, <commitments>}. */
    static void printJson(java.io.PrintWriter out, long size, Map<String, Object> extra, Map<String, Double> phases,
            Map<String, String> tail) {
        StringBuilder sb = new StringBuilder("{\"size\": ").append(size);
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            sb.append(", \"").append(e.getKey()).append("\": ").append(e.getValue());
        }
        sb.append(", \"phases\": {");
        boolean first = true;
        for (Map.Entry<String, Double> e : phases.entrySet()) {
            sb.append(first ? "" : ", ").append('"').append(e.getKey()).append("\": ").append(secs(e.getValue()));
            first = false;
        }
        sb.append('}');
        for (Map.Entry<String, String> e : tail.entrySet()) {
            sb.append(", \"").append(e.getKey()).append("\": \"").append(e.getValue()).append('"');
        }
        out.println(sb.append('}'));
    }

    static Map<String, Double> phases() {
        return new LinkedHashMap<>();
    }

    static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
