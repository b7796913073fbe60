package io.sealer.cluster.sectors;

import io.sealer.cluster.sealing.NativeTaskExecutor;
import io.sealer.cluster.sealing.PieceParams;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.sched.SelectorSpec;
import io.sealer.core.sched.TaskOutcome;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sector.SectorEvent.DealPiece;
import io.sealer.core.sector.SectorInfo;
import io.sealer.core.sector.SectorState;
import io.sealer.core.task.SectorFileType;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Reads a deal piece back out of a sealed sector (Lotus's SectorsUnsealPiece and the read that
 * follows): checks that the sector holds the piece, then runs an UNS task on a worker that holds
 * the sector's files or may fetch them (an existing-files selector). The worker takes the
 * piece from the sector's unsealed copy when the miner keeps one, else unseals its range from
 * the sealed replica and cache, checks the CommP, and uploads the bytes to this miner
 * ({@link PieceStore#receiveRead}); the answer is that file, cut to the piece's original size.
 */
public final class PieceReads {
    /** How long one read may wait for a worker (it queues like any task). */
    static final Duration READ_TIMEOUT = Duration.ofMinutes(30);

    /** A piece read back: its bytes in {@code file} (to be deleted once served), and where they came from. */
    public record Read(Path file, DealPiece piece, String source, String worker) {}

    /** Why a read cannot start; {@code notFound} tells a missing sector or piece from a sector not sealed yet. */
    public static final class ReadRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean notFound;

        ReadRefused(String message, boolean notFound) {
            super(message);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    private final SectorsService sectors;
    private final ActorRef<Scheduler.Command> scheduler;
    private final ActorSystem<?> system;
    private final PieceStore store;
    private final Executor blocking;
    private final boolean keepUnsealed;

    /** @param keepUnsealed whether deal sectors keep their unsealed copy (then reads take it, else they unseal) */
    public PieceReads(SectorsService sectors, ActorRef<Scheduler.Command> scheduler, ActorSystem<?> system,
            PieceStore store, Executor blocking, boolean keepUnsealed) {
        this.keepUnsealed = keepUnsealed;
        this.sectors = sectors;
        this.scheduler = scheduler;
        this.system = system;
        this.store = store;
        this.blocking = blocking;
    }

    /**
     * Reads piece {@code cid} of sector {@code number}; with a null cid the sector's only piece.
     * Fails with {@link ReadRefused} for a missing sector or piece, or a sector not sealed yet.
     */
    public CompletionStage<Read> read(long number, String cid) {
        return sectors.status(number).thenCompose(view -> {
            SectorInfo s = view.map(SectorsService.SectorView::info)
                    .orElseThrow(() -> new ReadRefused("no sector " + number + " on this miner", true));
            DealPiece piece = pieceOf(s, cid);
            if (s.state() != SectorState.PROVING) {
                throw new ReadRefused("sector " + number + " is in " + s.state() + "; its pieces can be read once it "
                        + "is sealed (Proving)", false);
            }
            return unseal(s, piece);
        });
    }

    /** The piece named {@code cid} (or the only one when cid is null) of sector s. */
    static DealPiece pieceOf(SectorInfo s, String cid) {
        List<DealPiece> pieces = s.dealPieces();
        long n = s.id().number();
        if (pieces.isEmpty()) {
            throw new ReadRefused("sector " + n + " holds no pieces", true);
        }
        String all = pieces.stream().map(DealPiece::cid).collect(Collectors.joining(", "));
        if (cid == null) {
            if (pieces.size() > 1) {
                throw new ReadRefused("sector " + n + " holds " + pieces.size() + " pieces; name one with --piece: "
                        + all, true);
            }
            return pieces.get(0);
        }
        Optional<DealPiece> p = pieces.stream().filter(x -> x.cid().equals(cid)).findFirst();
        return p.orElseThrow(() -> new ReadRefused("sector " + n + " has no piece " + cid + "; its pieces: " + all,
                true));
    }

    private CompletionStage<Read> unseal(SectorInfo s, DealPiece piece) {
        String readId = UUID.randomUUID().toString();
        Map<String, String> params = SectorTasks.params(s);
        params.put(PieceParams.KEY, PieceParams.encode(List.of(piece)));
        params.put(PieceParams.READ_ID, readId);
        if (keepUnsealed) {
            params.put(NativeTaskExecutor.KEEP_UNSEALED, "true");
        }
        Set<SectorFileType> reads = keepUnsealed ? EnumSet.of(SectorFileType.UNSEALED)
                : EnumSet.of(SectorFileType.SEALED, SectorFileType.CACHE);
        TaskRequest request = new TaskRequest(UUID.randomUUID(), new SectorRef(s.id(), s.proof()), TaskType.UNS,
                TaskRequest.DEAL_PRIORITY, TaskType.GET, SelectorSpec.existing(reads, true), params);
        CompletionStage<TaskOutcome> ran = AskPattern.<Scheduler.Command, TaskOutcome>ask(scheduler,
                r -> new Scheduler.Schedule(request, r), READ_TIMEOUT, system.scheduler());
        return ran.thenApplyAsync(o -> {
            Path file = store.readFile(readId);
            if (!o.ok()) {
                PieceStore.deleteQuietly(file);
                throw new IllegalStateException("reading piece " + piece.cid() + " of sector " + s.id().number()
                        + " failed on " + (o.worker() == null || o.worker().isEmpty() ? "the workers" : o.worker())
                        + ": " + o.error());
            }
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                if (f.length() < piece.dataSize()) {
                    PieceStore.deleteQuietly(file);
                    throw new IllegalStateException("the worker sent " + f.length() + " bytes of piece " + piece.cid()
                            + ", not " + piece.dataSize());
                }
                f.setLength(piece.dataSize());
            } catch (IOException e) {
                PieceStore.deleteQuietly(file);
                throw new UncheckedIOException("the bytes of piece " + piece.cid() + " are not readable: "
                        + e.getMessage(), e);
            }
            return new Read(file, piece, o.outputs().getOrDefault("source", "?"), o.worker());
        }, blocking);
    }
}
