package io.sealer.cluster.sealing;

import io.sealer.cluster.storage.FileType;
import io.sealer.core.sched.FailureKind;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sector.SectorEvent.DealPiece;
import io.sealer.core.task.SectorId;
import io.sealer.core.worker.TaskFailure;
import io.sealer.proofs.CommCid;
import io.sealer.proofs.SealingFfi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The UNS task on a worker: reads one deal piece back out of a sector it holds. From the
 * sector's unsealed copy when one is kept (a range read), else by unsealing the piece's range
 * from the sealed replica and cache (libsealcore's unseal); either way fr32-unpadded in chunks
 * (never the whole piece in memory), its CommP checked against the piece's, and uploaded to the
 * miner under the task's read id. Blocking; runs on the task dispatcher.
 */
public final class PieceReader {
    private static final HexFormat HEX = HexFormat.of();
    /** Padded bytes unpadded at a time (a multiple of 128). */
    private static final int CHUNK = 128 * 8192;
    public static final String FROM_UNSEALED = "unsealed copy";
    public static final String FROM_SEALED = "sealed replica";

    private final SealingFfi ffi;
    private final MinerPieces miner;

    public PieceReader(SealingFfi ffi, MinerPieces miner) {
        this.ffi = ffi;
        this.miner = miner;
    }

    /**
     * The files an UNS task reads: the unsealed copy when the miner keeps one ({@link
     * NativeTaskExecutor#KEEP_UNSEALED} on the task), else the sealed replica and the cache.
     */
    public static Set<FileType> inputs(TaskRequest r) {
        return Boolean.parseBoolean(r.params().get(NativeTaskExecutor.KEEP_UNSEALED)) ? EnumSet.of(FileType.UNSEALED)
                : EnumSet.of(FileType.SEALED, FileType.CACHE);
    }

    /**
     * Reads the task's piece from the files acquired for it ({@link #inputs}). When Finalize has
     * trimmed the cache, the layers are regenerated first (PreCommit1 again from the sector's
     * ticket and CommD, into a scratch directory, as rust-fil-proofs does to unseal), with the
     * parent cache in {@code parentCache}.
     */
    Map<String, String> read(TaskRequest r, SectorStore.Acquired files, Path parentCache)
            throws IOException, TaskFailure {
        boolean kept = inputs(r).contains(FileType.UNSEALED);
        return kept ? read(r, files.path(FileType.UNSEALED), null, null, parentCache)
                : read(r, null, files.path(FileType.SEALED), files.path(FileType.CACHE), parentCache);
    }

    /** Reads from {@code unsealed} when it is given, else unseals from {@code sealed} and {@code cache}. */
    Map<String, String> read(TaskRequest r, Path unsealed, Path sealed, Path cache, Path parentCache)
            throws IOException, TaskFailure {
        DealPiece p = PieceWriter.pieces(r).get(0);
        String readId = r.params().get(PieceParams.READ_ID);
        if (readId == null) {
            throw new TaskFailure(FailureKind.PERMANENT, "UNS of " + r.sector().id() + " lacks its read id");
        }
        long sectorSize = r.sector().proof().sectorSize().bytes();
        boolean kept = unsealed != null;
        if (kept && Files.size(unsealed) != sectorSize) {
            throw new TaskFailure(FailureKind.MISSING_INPUT, "the unsealed copy of " + r.sector().id() + " has "
                    + Files.size(unsealed) + " bytes, not " + sectorSize);
        }
        Path scratch = kept ? unsealed.getParent() : cache;
        Path padded = kept ? unsealed : NativeTaskExecutor.temporaryFor(scratch.resolve("unseal-" + readId));
        Path data = NativeTaskExecutor.temporaryFor(scratch.resolve("piece-" + readId));
        Path layers = null;
        try {
            long start = 0;
            if (!kept) {
                Path keys = cache;
                if (!hasLayers(cache)) {
                    layers = Files.createDirectories(NativeTaskExecutor.temporaryFor(cache.resolve("layers-" + readId)));
                    keys = layers;
                    Files.createDirectories(parentCache);
                    SectorId id = r.sector().id();
                    ffi.preCommit1(r.sector().proof().id(), parentCache, null, layers, NativeTaskExecutor.proverId(id),
                            id.number(), NativeTaskExecutor.bytes32(r, "ticket"), NativeTaskExecutor.bytes32(r, "commD"));
                }
                ffi.unseal(r.sector().proof().id(), keys, sealed, p.offset(), p.paddedSize(), padded);
            } else {
                start = p.offset();
            }
            unpad(padded, start, p.paddedSize(), data);
            byte[] commP = ffi.commPFile(data, p.unpaddedSize());
            if (!Arrays.equals(commP, HEX.parseHex(p.commP()))) {
                throw new TaskFailure(FailureKind.PERMANENT, "piece " + p.cid() + " read from the " + (kept
                        ? FROM_UNSEALED : FROM_SEALED) + " of " + r.sector().id() + " has CommP "
                        + CommCid.unsealed(commP));
            }
            miner.uploadRead(readId, data);
            return Map.of("source", kept ? FROM_UNSEALED : FROM_SEALED, "bytes", Long.toString(p.unpaddedSize()));
        } finally {
            if (!kept) {
                Files.deleteIfExists(padded);
            }
            Files.deleteIfExists(data);
            if (layers != null) {
                deleteTree(layers);
            }
        }
    }

    private static boolean hasLayers(Path cache) throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.anyMatch(f -> f.getFileName().toString().startsWith("sc-02-data-layer-"));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** fr32-unpads {@code length} padded bytes of {@code from} at {@code offset} into {@code to}, a chunk at a time. */
    private void unpad(Path from, long offset, long length, Path to) throws IOException {
        try (InputStream in = Files.newInputStream(from); OutputStream out = Files.newOutputStream(to)) {
            in.skipNBytes(offset);
            long left = length;
            while (left > 0) {
                int n = (int) Math.min(CHUNK, left);
                out.write(ffi.fr32Unpad(in.readNBytes(n)));
                left -= n;
            }
        }
    }
}
