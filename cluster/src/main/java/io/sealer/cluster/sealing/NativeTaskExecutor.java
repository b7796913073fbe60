package io.sealer.cluster.sealing;

import io.sealer.cluster.storage.FileType;
import io.sealer.cluster.storage.LocalStorage;
import io.sealer.cluster.storage.RemoteFetcher;
import io.sealer.cluster.storage.StorageIndexClient;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * {@link SealingFfi}), on sector files found, allocated and fetched by a {@link SectorStore}
 * (a cluster node's storage paths and the miner's index, or one directory on a single node) and
 * the machine's parent cache directory ({@link ParentCacheDir}). Inputs come from the task's params (ticket, seed,
 * commitments as hex); outputs go back as hex and CIDs. Every file is written under a
 * temporary name and renamed, so a crash never leaves a file that looks complete. Blocking:
 * runs on the task dispatcher.
 *
 * <p>At construction it removes the temporaries that dead processes left in the storage paths
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
    /** The task parameter that keeps a finalized sector's unsealed copy ("true"); without it Finalize removes it. */
    public static final String KEEP_UNSEALED = "keepUnsealed";

    private final SealingFfi ffi;
    private final SectorStore store;
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
     * A single node's executor: every sector file under one directory, nothing fetched.
     *
     * @param pc2Threads threads for PreCommit2 (0: the threads the scheduler granted, at most 64)
     */
    public NativeTaskExecutor(SealingFfi ffi, SectorFiles files, Path parentCache, int pc2Threads) {
        this(ffi, new SingleRootStore(files), parentCache, pc2Threads, new MinerPieces());
    }

    /**
     * A cluster node's executor: sector files in the node's attached storage paths, allocated,
     * declared and dropped through the miner's storage index, and fetched from other nodes'
     * /remote when a task's inputs are elsewhere.
     *
     * @param pc2Threads threads for PreCommit2 (0: the threads the scheduler granted, at most 64)
     */
    public NativeTaskExecutor(SealingFfi ffi, LocalStorage storage, StorageIndexClient index, RemoteFetcher fetcher,
            Path parentCache, int pc2Threads) {
        this(ffi, storage, index, fetcher, parentCache, pc2Threads, new MinerPieces());
    }

    /** @param pieces the miner's deal pieces, for AddPiece of deal sectors and reading pieces back (UNS) */
    public NativeTaskExecutor(SealingFfi ffi, LocalStorage storage, StorageIndexClient index, RemoteFetcher fetcher,
            Path parentCache, int pc2Threads, MinerPieces pieces) {
        this(ffi, new IndexedStore(storage, index, fetcher), parentCache, pc2Threads, pieces);
    }

    private NativeTaskExecutor(SealingFfi ffi, SectorStore store, Path parentCache, int pc2Threads,
            MinerPieces pieces) {
        this.pieceWriter = new PieceWriter(ffi, pieces);
        this.pieceReader = new PieceReader(ffi, pieces);
        this.ffi = ffi;
        this.store = store;
        this.parentCache = parentCache;
        this.pc2Threads = pc2Threads;
        List<Path> dirs = new ArrayList<>(store.roots());
        dirs.add(parentCache);
        for (Path dir : dirs) {
            List<Path> removed = ffi.removeStaleTemporaries(dir);
            if (!removed.isEmpty()) {
                LOG.info("removed {} temporary file(s) left in {} by processes that no longer run", removed.size(), dir);
            }
        }
        this.held = Set.copyOf(store.heldSectors());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Brings the files the task reads to this worker (fetching them from other nodes when the storage can). */
    @Override
    public void prepare(TaskRequest r) throws TaskFailure, InterruptedException {
        store.prepare(r, fetched(r));
    }

    /**
     * The sector files a task's prepare step brings to this node: its inputs, and for GET what
     * Finalize keeps (GET then moves them to long-term storage). FIN is scheduled where the cache
     * is, so its cache is found here; Commit2 reads only Commit1's output ({@link #commit2}).
     */
    static Set<FileType> fetched(TaskRequest r) {
        return r.type() == TaskType.GET ? kept(r) : inputs(r);
    }

    /** The sector files a task's work reads on this node (an UNS task: as {@link PieceReader#inputs} says). */
    static Set<FileType> inputs(TaskRequest r) {
        return r.type() == TaskType.UNS ? PieceReader.inputs(r) : inputs(r.type());
    }

    /** The sector files a task's work reads on this node. */
    static Set<FileType> inputs(TaskType type) {
        return switch (type) {
            case PC1 -> EnumSet.of(FileType.UNSEALED);
            case PC2 -> EnumSet.of(FileType.UNSEALED, FileType.CACHE);
            case C1 -> EnumSet.of(FileType.SEALED, FileType.CACHE);
            case FIN -> EnumSet.of(FileType.CACHE);
            default -> EnumSet.noneOf(FileType.class);
        };
    }

    /** What a finalized sector keeps: sealed and cache, and the unsealed copy when the task says {@value #KEEP_UNSEALED}. */
    static Set<FileType> kept(TaskRequest r) {
        Set<FileType> keep = EnumSet.of(FileType.SEALED, FileType.CACHE);
        if (Boolean.parseBoolean(r.params().get(KEEP_UNSEALED))) {
            keep.add(FileType.UNSEALED);
        }
        return keep;
    }

    /** The sector files a task writes (new files on a path allocated for them). */
    static Set<FileType> outputs(TaskType type) {
        return switch (type) {
            case AP -> EnumSet.of(FileType.UNSEALED);
            case PC1 -> EnumSet.of(FileType.CACHE);
            case PC2 -> EnumSet.of(FileType.SEALED);
            default -> EnumSet.noneOf(FileType.class);
        };
    }

    @Override
    public Map<String, String> work(TaskRequest r, int threads) throws Exception {
        // a task started straight into executing (a ready Commit1) had no prepare step
        store.prepare(r, fetched(r));
        try (SectorStore.Acquired f = store.acquire(r.sector(), inputs(r), outputs(r.type()))) {
            Map<String, String> out = switch (r.type()) {
                case AP -> PieceWriter.hasPieces(r) ? pieceWriter.write(r, f.path(FileType.UNSEALED)) : addPiece(r, f);
                case UNS -> pieceReader.read(r, f, parentCache);
                case PC1 -> preCommit1(r, f);
                case PC2 -> preCommit2(r, f, threads);
                case C1 -> commit1(r, f);
                case C2 -> commit2(r);
                case FIN -> finalizeSector(r, f);
                case GET -> moveToStorage(r);
                default -> throw new TaskFailure(FailureKind.PERMANENT,
                        r.type().shortName() + " is not supported by this worker");
            };
            f.commit();
            return out;
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
    private Map<String, String> addPiece(TaskRequest r, SectorStore.Acquired f) throws IOException {
        SealProof proof = r.sector().proof();
        Path staged = f.path(FileType.UNSEALED);
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

    private Map<String, String> preCommit1(TaskRequest r, SectorStore.Acquired f) throws IOException, TaskFailure {
        SealProof proof = r.sector().proof();
        SectorId id = r.sector().id();
        Path cache = f.path(FileType.CACHE);
        Path unsealed = f.path(FileType.UNSEALED);
        Files.createDirectories(cache);
        Files.createDirectories(parentCache);
        byte[] ticket = bytes32(r, "ticket");
        byte[] commD = bytes32(r, "commD");
        byte[] replicaId = cancellable(r, progress -> ffi.preCommit1(proof.id(), parentCache, unsealed, cache,
                proverId(id), id.number(), ticket, commD, progress)).replicaId();
        return Map.of("replicaId", HEX.formatHex(replicaId));
    }

    private Map<String, String> preCommit2(TaskRequest r, SectorStore.Acquired f, int threads)
            throws IOException, TaskFailure {
        Path sealed = f.path(FileType.SEALED);
        Path cache = f.path(FileType.CACHE);
        Path unsealed = f.path(FileType.UNSEALED);
        Files.createDirectories(sealed.getParent());
        int useThreads = pc2Threads > 0 ? pc2Threads : Math.max(1, Math.min(threads, 64));
        byte[] commD = bytes32(r, "commD");
        PreCommit2Output out = cancellable(r, progress -> ffi.preCommit2(r.sector().proof().id(), cache,
                unsealed, sealed, useThreads, commD, progress));
        Map<String, String> m = new HashMap<>();
        m.put("commR", HEX.formatHex(out.commR()));
        m.put("commRCid", CommCid.sealed(out.commR()));
        return m;
    }

    private Map<String, String> commit1(TaskRequest r, SectorStore.Acquired f) throws IOException, TaskFailure {
        SectorId id = r.sector().id();
        Path cache = f.path(FileType.CACHE);
        byte[] c1 = ffi.commit1(r.sector().proof().id(), cache, f.path(FileType.SEALED), proverId(id), id.number(),
                bytes32(r, "ticket"), bytes32(r, "seed"), bytes32(r, "commD"), bytes32(r, "commR"));
        writeAtomically(cache.resolve(SectorStore.COMMIT1_OUTPUT), c1);
        return Map.of("commit1Bytes", Integer.toString(c1.length));
    }

    /**
     * Commit2 needs no sector file: it reads Commit1's output from this node's cache or fetches it
     * from the node whose cache has it. The proof is kept in the cache when this node has it.
     */
    private Map<String, String> commit2(TaskRequest r) throws Exception {
        SectorId id = r.sector().id();
        byte[] c1 = store.commit1Output(r.sector());
        byte[] proofBytes = ffi.commit2(r.sector().proof().id(), proverId(id), id.number(), bytes32(r, "ticket"),
                bytes32(r, "seed"), bytes32(r, "commD"), bytes32(r, "commR"), c1);
        Optional<Path> cache = store.local(id, FileType.CACHE);
        if (cache.isPresent()) {
            writeAtomically(cache.get().resolve("proof.out"), proofBytes);
        }
        return Map.of("proofSha256", HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(proofBytes)));
    }

    /**
     * FIN: drops from the cache what proving does not need (the SDR layers, tree_c and tree_d);
     * the trimmed cache is then the sector's only cache (other copies are removed), the one GET
     * moves to long-term storage.
     */
    private Map<String, String> finalizeSector(TaskRequest r, SectorStore.Acquired f) throws IOException, TaskFailure {
        Path cache = f.path(FileType.CACHE);
        long freed = 0;
        try (Stream<Path> s = Files.list(cache)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("sc-02-data-layer-") || n.startsWith("sc-02-data-tree-c") || n.startsWith("sc-02-data-tree-d")) {
                    freed += Files.size(p);
                    Files.delete(p);
                }
            }
        }
        store.keepOnly(r.sector(), FileType.CACHE, cache);
        return Map.of("finalizeFreedBytes", Long.toString(freed));
    }

    /** GET: the kept files to long-term storage on this node, every other copy removed (docs/operator-guide-storage.md). */
    private Map<String, String> moveToStorage(TaskRequest r) throws TaskFailure {
        Set<FileType> keep = kept(r);
        Set<FileType> remove = EnumSet.complementOf(EnumSet.copyOf(keep));
        remove.retainAll(EnumSet.of(FileType.UNSEALED));
        store.moveToStorage(r.sector(), keep, remove);
        return Map.of();
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
