package io.sealer.cluster.sectors;

import io.sealer.core.sector.PieceLayout;
import io.sealer.core.task.SectorSize;
import io.sealer.proofs.CommCid;
import io.sealer.proofs.SealingFfi;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The miner's deal pieces on disk, under {@code <miner repo>/pieces/}: an upload is streamed to
 * {@code incoming/} (never held in memory, cut off once it passes what a sector holds), padded
 * with zeros to its piece size ({@code 127 * 2^k} bytes), its CommP computed by libsealcore on
 * the blocking executor, and renamed to {@code <piece CID>}, from where workers download it for
 * AddPiece. Pieces read back from a sealed sector arrive (from the worker that unsealed them)
 * in {@code read/<read id>}. Every file is written under a temporary name first.
 */
public final class PieceStore {
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern CID = Pattern.compile("b[a-z2-7]{10,100}");

    /** A piece received and measured. */
    public record Received(String cid, String commP, long dataSize, long paddedSize) {}

    private final Path dir;
    private final SealingFfi ffi;
    private final SectorSize sectorSize;
    private final Executor blocking;

    /**
     * @param dir the pieces directory (created when missing)
     * @param blocking where file and native work runs (never an actor's thread)
     */
    public PieceStore(Path dir, SealingFfi ffi, SectorSize sectorSize, Executor blocking) throws IOException {
        this.dir = Files.createDirectories(dir);
        Files.createDirectories(dir.resolve("incoming"));
        Files.createDirectories(dir.resolve("read"));
        this.ffi = ffi;
        this.sectorSize = sectorSize;
        this.blocking = blocking;
    }

    /** The most data one piece may hold: the sector's unpadded capacity. */
    public long maxDataSize() {
        return sectorSize.unpaddedBytes();
    }

    public SectorSize sectorSize() {
        return sectorSize;
    }

    /**
     * Stores an uploaded piece and computes its CommP. Fails with {@link IllegalArgumentException}
     * (a message for the operator) for an empty piece or one larger than a sector holds.
     */
    public CompletionStage<Received> receive(Source<ByteString, ?> data, Materializer mat) {
        Path incoming = dir.resolve("incoming").resolve(UUID.randomUUID() + ".tmp");
        return store(data, incoming, mat, () -> measure(incoming));
    }

    /**
     * Streams {@code data} (at most a sector's unpadded capacity) into {@code tmp}, then runs
     * {@code then} on the blocking executor; {@code tmp} is removed either way.
     */
    private <T> CompletionStage<T> store(Source<ByteString, ?> data, Path tmp, Materializer mat, Supplier<T> then) {
        return data.limitWeighted(maxDataSize(), b -> (long) b.size())
                .runWith(FileIO.toPath(tmp), mat)
                .handleAsync((io, err) -> {
                    try {
                        if (err != null) {
                            throw tooLargeOr(err);
                        }
                        return then.get();
                    } finally {
                        deleteQuietly(tmp);
                    }
                }, blocking);
    }

    /** A failed upload stream: larger than a sector (the limit was reached), or cut off. */
    private RuntimeException tooLargeOr(Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof StreamLimitReachedException) {
                return new IllegalArgumentException("the piece is larger than the " + maxDataSize() + " bytes a "
                        + sectorSize.label() + " sector holds");
            }
        }
        return new IllegalStateException("the upload broke off before its end", err);
    }

    private Received measure(Path incoming) {
        try {
            long size = Files.size(incoming);
            if (size == 0) {
                throw new IllegalArgumentException("the piece is empty");
            }
            if (size > maxDataSize()) {
                throw new IllegalArgumentException("the piece has " + size + " bytes, more than the " + maxDataSize()
                        + " bytes a " + sectorSize.label() + " sector holds");
            }
            long padded = PieceLayout.paddedSizeFor(size);
            try (RandomAccessFile f = new RandomAccessFile(incoming.toFile(), "rw")) {
                f.setLength(padded / 128 * 127);
            }
            byte[] commP = ffi.commPFile(incoming, padded / 128 * 127);
            String cid = CommCid.unsealed(commP);
            Files.move(incoming, dir.resolve(cid), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Received(cid, HEX.formatHex(commP), size, padded);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the piece: " + e.getMessage(), e);
        }
    }

    /** The stored piece of {@code cid} (its data and zero tail), or null when there is none or the CID is malformed. */
    public Path piece(String cid) {
        if (cid == null || !CID.matcher(cid).matches()) {
            return null;
        }
        Path p = dir.resolve(cid);
        return Files.isRegularFile(p) ? p : null;
    }

    /** Where the bytes of read {@code readId} (a UUID) arrive; null for a malformed id. */
    public Path readFile(String readId) {
        try {
            return dir.resolve("read").resolve(UUID.fromString(readId).toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Streams an upload of read {@code readId} into its file (at most a sector's unpadded
     * capacity); the stage fails with a message when the id is malformed or the stream breaks.
     */
    public CompletionStage<Long> receiveRead(String readId, Source<ByteString, ?> data, Materializer mat) {
        Path target = readFile(readId);
        if (target == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("'" + readId + "' is not a read id"));
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        return store(data, tmp, mat, () -> {
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return Files.size(target);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover in incoming/ or read/ is harmless; the next upload uses a new name
        }
    }
}
