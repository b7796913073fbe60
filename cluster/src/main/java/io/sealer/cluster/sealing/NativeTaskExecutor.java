package io.sealer.cluster.sealing;

import io.sealer.core.sched.FailureKind;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import io.sealer.core.worker.TaskExecutor;
import io.sealer.core.worker.TaskFailure;
import io.sealer.proofs.CommCid;
import io.sealer.proofs.PreCommit2Output;
import io.sealer.proofs.SealingException;
import io.sealer.proofs.SealingFfi;
import io.sealer.proofs.NativeProgress;
import io.sealer.proofs.NativeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sealing tasks on this worker with the native proofs (libsealcore through
 * {@link SealingFfi}), on the sector files under one storage path and the machine's parent
 * cache directory ({@link ParentCacheDir}). Inputs come from the task's params (ticket, seed,
 * commitments as hex); outputs go back as hex and CIDs. Every file is written under a
 * temporary name and renamed, so a crash never leaves a file that looks complete. Blocking:
 * runs on the task dispatcher.
 *
 * <p>At construction it removes the temporaries that dead processes left in the storage path
 * and the parent cache directory, and reads which sectors' files the storage holds (answered by
 * {@link #heldSectors()}). PreCommit1 and PreCommit2 run with a {@link NativeProgress}: {@link
 * #cancel(UUID)} stops a task's call, and so does interrupting the thread that runs it (a task
 * timed out or its executor shut down) and {@link #close()}; a cancelled call removes what it
 * wrote, temporaries included, before the task fails.
 *
 * <p>Failures are thrown as {@link TaskFailure} with the kind the sector state machine routes
 * on: a missing input file is MISSING_INPUT; libsealcore's verification failures (and any
 * Commit1 failure: Commit1 checks the cache against comm_d and comm_r and verifies its own
 * vanilla proofs, so what it finds wrong is an earlier stage's output) are BAD_OUTPUT; bad
 * parameters are PERMANENT; anything else (I/O, memory, a cancelled call) is TEMPORARY.
 */
public final class NativeTaskExecutor implements TaskExecutor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NativeTaskExecutor.class);
    private static final HexFormat HEX = HexFormat.of();
    /** How long {@link #close()} waits for cancelled calls to remove their files. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(30);
    private static final AtomicLong TEMPORARY_COUNTER = new AtomicLong();

    private final SealingFfi ffi;
    private final SectorFiles files;
    private final Path parentCache;
    private final int pc2Threads;
    private final Set<SectorId> held;
    private final PieceWriter pieceWriter;
    private final PieceReader pieceReader;
    /** The cancellable native calls running now, by task. */
    private final ConcurrentMap<UUID, RunningCall<?>> running = new ConcurrentHashMap<>();
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sealcore-call");
        t.setDaemon(true);
        return t;
    });
    private final Thread shutdownHook = new Thread(this::cancelRunning, "sealcore-cancel-on-exit");

    /** The parent cache in $FIL_PROOFS_PARENT_CACHE (default /var/tmp/filecoin-parents). */
    public NativeTaskExecutor(SealingFfi ffi, SectorFiles files, int pc2Threads) {
        this(ffi, files, ParentCacheDir.resolve(System.getenv()), pc2Threads);
    }

    /**
     * @param pc2Threads threads for PreCommit2 (0: the threads the scheduler granted, at most 64)
     */
    public NativeTaskExecutor(SealingFfi ffi, SectorFiles files, Path parentCache, int pc2Threads) {
        this(ffi, files, parentCache, pc2Threads, new MinerPieces());
    }

    /** @param pieces the miner's deal pieces, for AddPiece of deal sectors and reading pieces back (UNS) */
    public NativeTaskExecutor(SealingFfi ffi, SectorFiles files, Path parentCache, int pc2Threads, MinerPieces pieces) {
        this.pieceWriter = new PieceWriter(ffi, pieces);
        this.pieceReader = new PieceReader(ffi, pieces);
        this.ffi = ffi;
        this.files = files;
        this.parentCache = parentCache;
        this.pc2Threads = pc2Threads;
        for (Path dir : List.of(files.root(), parentCache)) {
            List<Path> removed = ffi.removeStaleTemporaries(dir);
            if (!removed.isEmpty()) {
                LOG.info("removed {} temporary file(s) left in {} by processes that no longer run", removed.size(), dir);
            }
        }
        this.held = Set.copyOf(files.heldSectors());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The sector's files must already be on this worker (fetching from other workers comes with /remote). */
    @Override
    public void prepare(TaskRequest r) throws TaskFailure {
        SectorId id = r.sector().id();
        Path need = switch (r.type()) {
            case PC1 -> files.unsealed(id);
            case PC2 -> files.cache(id);
            case C1, FIN -> files.sealed(id);
            default -> null;
        };
        if (need != null && !Files.exists(need)) {
            throw new TaskFailure(FailureKind.MISSING_INPUT,
                    r.type().shortName() + " of " + id + " needs " + need + ", which is not on this worker");
        }
    }

    @Override
    public Map<String, String> work(TaskRequest r, int threads) throws Exception {
        try {
            return switch (r.type()) {
                case AP -> PieceWriter.hasPieces(r) ? pieceWriter.write(r, files.unsealed(r.sector().id())) : addPiece(r);
                case UNS -> pieceReader.read(r, files.sealed(r.sector().id()), files.cache(r.sector().id()),
                        files.unsealed(r.sector().id()), parentCache);
                case PC1 -> preCommit1(r);
                case PC2 -> preCommit2(r, threads);
                case C1 -> commit1(r);
                case C2 -> commit2(r);
                case FIN -> finalizeSector(r);
                case GET -> Map.of();
                default -> throw new TaskFailure(FailureKind.PERMANENT,
                        r.type().shortName() + " is not supported by this worker");
            };
        } catch (SealingException e) {
            String message = e.cancelled() ? r.type().shortName() + " of " + r.sector().id() + " was cancelled"
                    : e.getMessage();
            throw new TaskFailure(kindOf(r.type(), e), message, e);
        } catch (NoSuchFileException e) {
            throw new TaskFailure(FailureKind.MISSING_INPUT, r.type().shortName() + " of " + r.sector().id()
                    + " needs " + e.getFile() + ", which is not on this worker", e);
        }
    }

    /** How a libsealcore failure of a task counts for the sector's failure route. */
    static FailureKind kindOf(TaskType type, SealingException e) {
        if (e.status() == NativeStatus.ERR_VERIFY || type == TaskType.C1) {
            return FailureKind.BAD_OUTPUT;
        }
        return e.status() == NativeStatus.ERR_ARG ? FailureKind.PERMANENT : FailureKind.TEMPORARY;
    }

    /** The sectors whose files the storage held when this executor was made. */
    @Override
    public Set<SectorId> heldSectors() {
        return held;
    }

    /**
     * Cancels the native call of a running task (PreCommit1 or PreCommit2); the task then fails
     * as TEMPORARY once the call has removed what it wrote. False when the task has no such call
     * running.
     */
    public boolean cancel(UUID schedId) {
        RunningCall<?> call = running.get(schedId);
        if (call == null) {
            return false;
        }
        call.progress().cancel();
        return true;
    }

    /** Cancels every running native call and waits (a while) until each has removed its files. */
    @Override
    public void close() {
        cancelRunning();
        calls.shutdown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException exiting) {
            // the hook is running or has run
        }
    }

    private void cancelRunning() {
        running.values().forEach(c -> c.progress().cancel());
        long deadline = System.nanoTime() + CANCEL_GRACE.toNanos();
        for (RunningCall<?> c : running.values()) {
            try {
                c.ended().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // failed (cancelled, as asked) or still cleaning up: nothing more to wait for
            }
        }
    }

    /** A native call running for a task: its progress block and its end. */
    private record RunningCall<T>(NativeProgress progress, CompletableFuture<T> ended) {}

    /**
     * Runs a cancellable native call on a call thread and waits for it. Interrupting the waiting
     * thread cancels the call; the wait goes on until the call has ended (and so cleaned up), and
     * the thread stays interrupted.
     */
    private <T> T cancellable(TaskRequest r, Function<NativeProgress, T> call) {
        RunningCall<T> c = new RunningCall<>(new NativeProgress(), new CompletableFuture<>());
        running.put(r.schedId(), c);
        boolean interrupted = false;
        try {
            calls.execute(() -> {
                try {
                    c.ended().complete(call.apply(c.progress()));
                } catch (Throwable t) {
                    c.ended().completeExceptionally(t);
                }
            });
            while (true) {
                try {
                    return c.ended().get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    c.progress().cancel();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re
                            : new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            running.remove(r.schedId());
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** AddPiece of a whole sector of zeros (a committed-capacity sector); CommD = its CommP. */
    private Map<String, String> addPiece(TaskRequest r) throws IOException {
        SealProof proof = r.sector().proof();
        SectorId id = r.sector().id();
        Path staged = files.unsealed(id);
        Files.createDirectories(staged.getParent());
        Path tmp = temporaryFor(staged);
        byte[] commP;
        try {
            commP = ffi.addPiece(null, proof.sectorSize().unpaddedBytes(), tmp, proof.sectorSize().bytes()).commP();
            Files.move(tmp, staged, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return Map.of("commD", HEX.formatHex(commP), "commDCid", CommCid.unsealed(commP));
    }

    private Map<String, String> preCommit1(TaskRequest r) throws IOException, TaskFailure {
        SealProof proof = r.sector().proof();
        SectorId id = r.sector().id();
        Path cache = files.cache(id);
        Files.createDirectories(cache);
        Files.createDirectories(parentCache);
        byte[] ticket = bytes32(r, "ticket");
        byte[] commD = bytes32(r, "commD");
        byte[] replicaId = cancellable(r, progress -> ffi.preCommit1(proof.id(), parentCache, files.unsealed(id), cache,
                proverId(id), id.number(), ticket, commD, progress)).replicaId();
        return Map.of("replicaId", HEX.formatHex(replicaId));
    }

    private Map<String, String> preCommit2(TaskRequest r, int threads) throws IOException, TaskFailure {
        SectorId id = r.sector().id();
        Path sealed = files.sealed(id);
        Files.createDirectories(sealed.getParent());
        int useThreads = pc2Threads > 0 ? pc2Threads : Math.max(1, Math.min(threads, 64));
        byte[] commD = bytes32(r, "commD");
        PreCommit2Output out = cancellable(r, progress -> ffi.preCommit2(r.sector().proof().id(), files.cache(id),
                files.unsealed(id), sealed, useThreads, commD, progress));
        Map<String, String> m = new HashMap<>();
        m.put("commR", HEX.formatHex(out.commR()));
        m.put("commRCid", CommCid.sealed(out.commR()));
        return m;
    }

    private Map<String, String> commit1(TaskRequest r) throws IOException, TaskFailure {
        SectorId id = r.sector().id();
        byte[] c1 = ffi.commit1(r.sector().proof().id(), files.cache(id), files.sealed(id), proverId(id), id.number(),
                bytes32(r, "ticket"), bytes32(r, "seed"), bytes32(r, "commD"), bytes32(r, "commR"));
        writeAtomically(files.cache(id).resolve("commit1.out"), c1);
        return Map.of("commit1Bytes", Integer.toString(c1.length));
    }

    private Map<String, String> commit2(TaskRequest r) throws Exception {
        SectorId id = r.sector().id();
        Path c1File = files.cache(id).resolve("commit1.out");
        if (!Files.exists(c1File)) {
            throw new TaskFailure(FailureKind.MISSING_INPUT, "Commit2 of " + id + " needs the Commit1 output " + c1File
                    + ", which is not on this worker");
        }
        byte[] proofBytes = ffi.commit2(r.sector().proof().id(), proverId(id), id.number(), bytes32(r, "ticket"),
                bytes32(r, "seed"), bytes32(r, "commD"), bytes32(r, "commR"), Files.readAllBytes(c1File));
        writeAtomically(files.cache(id).resolve("proof.out"), proofBytes);
        return Map.of("proofSha256", HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(proofBytes)));
    }

    /** Drops what proving does not need: the SDR layers, tree_c and tree_d. */
    private Map<String, String> finalizeSector(TaskRequest r) throws IOException {
        Path cache = files.cache(r.sector().id());
        long freed = 0;
        if ("true".equals(r.params().get(PieceParams.DROP_UNSEALED))) {
            Files.deleteIfExists(files.unsealed(r.sector().id()));
        }
        try (Stream<Path> s = Files.list(cache)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("sc-02-data-layer-") || n.startsWith("sc-02-data-tree-c") || n.startsWith("sc-02-data-tree-d")) {
                    freed += Files.size(p);
                    Files.delete(p);
                }
            }
        }
        return Map.of("finalizeFreedBytes", Long.toString(freed));
    }

    /** uvarint(miner id) right-padded with zeros to 32 bytes (docs/proofs.md, "Commit1"). */
    static byte[] proverId(SectorId id) {
        byte[] out = new byte[32];
        long v = id.miner();
        int i = 0;
        do {
            byte b = (byte) (v & 0x7f);
            v >>>= 7;
            out[i++] = (byte) (v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return out;
    }

    static byte[] bytes32(TaskRequest r, String key) throws TaskFailure {
        String v = r.params().get(key);
        if (v == null) {
            throw new TaskFailure(FailureKind.PERMANENT,
                    "task " + r.type().shortName() + " of " + r.sector().id() + " lacks its " + key);
        }
        try {
            byte[] b = HEX.parseHex(v);
            if (b.length != 32) {
                throw new IllegalArgumentException();
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new TaskFailure(FailureKind.PERMANENT, key + " of " + r.sector().id() + " is not 32 bytes of hex");
        }
    }

    private static void writeAtomically(Path target, byte[] data) throws IOException {
        Path tmp = temporaryFor(target);
        try {
            Files.write(tmp, data);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A temporary name for target named as libsealcore names its own (pid, thread, counter), so
     * that a later process removes it as stale if this one dies before the rename.
     */
    static Path temporaryFor(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId() + "-" + TEMPORARY_COUNTER.incrementAndGet());
    }
}
