package io.sealer.cluster.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.core.sched.FailureKind;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import io.sealer.core.worker.TaskFailure;
import io.sealer.proofs.JnaSealingFfi;
import io.sealer.proofs.NativeProgress;
import io.sealer.proofs.SealingException;
import io.sealer.proofs.SealingFfi;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The native executor: the failure kinds it reports (which pick the sector's failure route),
 * what it does at start, the machine's parent cache, and cancelling PreCommit1 and PreCommit2
 * (by task, by interrupting the task's thread, by closing) without leaving temporary files.
 */
class NativeTaskExecutorTest {
    private static final SectorId ID = new SectorId(1000, 3);
    private static final String HEX = "01".repeat(32);

    @TempDir
    Path storage;
    @TempDir
    Path parents;

    private NativeTaskExecutor shared;

    /** One executor for the test, closed after it. */
    private NativeTaskExecutor executor() {
        if (shared == null) {
            shared = executor(JnaSealingFfi.get());
        }
        return shared;
    }

    @AfterEach
    void close() {
        if (shared != null) {
            shared.close();
        }
    }

    private NativeTaskExecutor executor(SealingFfi ffi) {
        return new NativeTaskExecutor(ffi, new SectorFiles(storage), parents, 1);
    }

    private static TaskRequest task(TaskType type, Map<String, String> params) {
        return TaskRequest.of(new SectorRef(ID, SealProof.STACKED_DRG_2KIB_V1_1), type, 0).withParams(params);
    }

    @ParameterizedTest(name = "{0} without its input file")
    @CsvSource({"PC1", "PC2", "C1", "FIN"})
    void aMissingInputFileIsMissingInput(TaskType type) {
        TaskFailure f = assertThrows(TaskFailure.class, () -> executor().prepare(task(type, Map.of())));
        assertEquals(FailureKind.MISSING_INPUT, f.kind());
        assertTrue(f.getMessage().contains("which is not on this worker"), f.getMessage());
    }

    @Test
    void commit2WithoutTheCommit1OutputIsMissingInput() {
        TaskFailure f = assertThrows(TaskFailure.class, () -> executor().work(task(TaskType.C2, Map.of()), 1));
        assertEquals(FailureKind.MISSING_INPUT, f.kind());
        assertTrue(f.getMessage().contains("commit1.out"), f.getMessage());
    }

    @Test
    void aMissingOrMalformedParameterIsPermanent() throws Exception {
        Files.createDirectories(new SectorFiles(storage).cache(ID));
        Files.createDirectories(new SectorFiles(storage).unsealed(ID).getParent());
        Files.write(new SectorFiles(storage).unsealed(ID), new byte[0]);
        TaskFailure missing = assertThrows(TaskFailure.class, () -> executor().work(task(TaskType.PC1, Map.of()), 1));
        assertEquals(FailureKind.PERMANENT, missing.kind());
        assertEquals("task PC1 of s-t01000-3 lacks its ticket", missing.getMessage());
        TaskFailure bad = assertThrows(TaskFailure.class,
                () -> executor().work(task(TaskType.PC1, Map.of("ticket", "zz", "commD", HEX)), 1));
        assertEquals(FailureKind.PERMANENT, bad.kind());
        assertEquals("ticket of s-t01000-3 is not 32 bytes of hex", bad.getMessage());
    }

    @Test
    void anUnsupportedTaskIsPermanent() {
        TaskFailure f = assertThrows(TaskFailure.class, () -> executor().work(task(TaskType.RU, Map.of()), 1));
        assertEquals(FailureKind.PERMANENT, f.kind());
    }

    @ParameterizedTest(name = "{0} code {1} -> {2}")
    @CsvSource({
        "PC1, -4, BAD_OUTPUT",
        "PC2, -4, BAD_OUTPUT",
        "C1, -2, BAD_OUTPUT",
        "C1, -1, BAD_OUTPUT",
        "PC1, -1, PERMANENT",
        "PC2, -2, TEMPORARY",
        "PC2, -3, TEMPORARY",
        "C2, -2, TEMPORARY",
        "PC1, -5, TEMPORARY",
        "PC2, -5, TEMPORARY",
    })
    void nativeErrorsMapToFailureKinds(TaskType type, int code, FailureKind kind) {
        assertEquals(kind, NativeTaskExecutor.kindOf(type, new SealingException(code, "x")));
    }

    // ---- start: stale temporaries, held sectors, the parent cache ----

    /** The pid of a process that has exited. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void startRemovesStaleTemporariesInStorageAndParentCacheAndKeepsLiveOnes() throws Exception {
        long dead = deadPid();
        Path cache = Files.createDirectories(new SectorFiles(storage).cache(ID));
        Path staleLayer = Files.writeString(cache.resolve("sc-02-data-layer-1.dat.tmp-" + dead + "-9-1"), "x");
        Path staleParents = Files.writeString(Files.createDirectories(parents).resolve("v28-sdr-parent-ab.cache.tmp-"
                + dead + "-9-2"), "x");
        Path live = Files.writeString(cache.resolve("sc-02-data-tree-d.dat.tmp-" + ProcessHandle.current().pid()
                + "-9-3"), "x");
        try (NativeTaskExecutor executor = executor(JnaSealingFfi.get())) {
            assertEquals(Set.of(ID), executor.heldSectors(), "its cache directory counts, temporaries do not");
            assertFalse(Files.exists(staleLayer));
            assertFalse(Files.exists(staleParents));
            assertTrue(Files.exists(live), "a running process's temporary is kept");
        }
    }

    @Test
    void heldSectorsAreTheSectorsWithFilesAtStart() throws Exception {
        SectorFiles files = new SectorFiles(storage);
        Files.createDirectories(files.cache(new SectorId(1000, 4)));
        Files.createDirectories(files.sealed(ID).getParent());
        Files.writeString(files.sealed(ID), "replica");
        Files.createDirectories(files.unsealed(ID).getParent());
        Files.writeString(storage.resolve("unsealed/s-t01000-8.tmp-1-1-1"), "being written");
        try (NativeTaskExecutor executor = executor(JnaSealingFfi.get())) {
            Files.createDirectories(files.cache(new SectorId(1000, 5)));
            assertEquals(Set.of(ID, new SectorId(1000, 4)), executor.heldSectors(), "read once, at start");
        }
    }

    @Test
    void preCommit1UsesTheMachinesParentCacheNotTheStorage() throws Exception {
        try (NativeTaskExecutor executor = executor(JnaSealingFfi.get())) {
            Map<String, String> commD = executor.work(task(TaskType.AP, Map.of()), 1);
            executor.work(task(TaskType.PC1, Map.of("ticket", HEX, "commD", commD.get("commD"))), 1);
        }
        try (Stream<Path> s = Files.list(parents)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().endsWith(".cache")).count());
        }
        assertFalse(Files.exists(storage.resolve("parent-cache")));
        assertEquals(List.of(), temporaries());
    }

    // ---- cancelling PreCommit1 and PreCommit2 ----

    /**
     * A task whose native call (PreCommit1 or PreCommit2 of libsealcore) has started on its own
     * thread and waits until its progress is cancelled; only then does the real native call run
     * (so the native code sees the cancel flag at its first check), and what it threw is kept.
     */
    private final class BlockedCall implements AutoCloseable {
        final TaskRequest task;
        final NativeTaskExecutor executor;
        final Future<Map<String, String>> result;
        final ExecutorService worker = Executors.newSingleThreadExecutor();
        private final CountDownLatch started = new CountDownLatch(1);
        private final AtomicReference<Throwable> thrown = new AtomicReference<>();

        BlockedCall(TaskType type) throws Exception {
            task = readyFor(type);
            executor = executor(waitingForCancel());
            assertFalse(executor.cancel(task.schedId()), "nothing runs yet");
            result = worker.submit(() -> executor.work(task, 1));
            assertTrue(started.await(30, TimeUnit.SECONDS));
        }

        private SealingFfi waitingForCancel() {
            SealingFfi real = JnaSealingFfi.get();
            return (SealingFfi) Proxy.newProxyInstance(SealingFfi.class.getClassLoader(),
                    new Class<?>[] {SealingFfi.class}, (proxy, method, args) -> {
                        boolean slow = (method.getName().equals("preCommit1") || method.getName().equals("preCommit2"))
                                && args.length > 0 && args[args.length - 1] instanceof NativeProgress;
                        if (slow) {
                            NativeProgress progress = (NativeProgress) args[args.length - 1];
                            started.countDown();
                            while (!progress.cancelRequested()) {
                                Thread.sleep(1);
                            }
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            if (slow) {
                                thrown.set(e.getCause());
                            }
                            throw e.getCause();
                        }
                    });
        }

        /** The failure the task ended with. */
        TaskFailure failure() {
            ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(60, TimeUnit.SECONDS));
            return (TaskFailure) e.getCause();
        }

        /** The native call ran with its cancel flag set and said so. */
        boolean nativeCallCancelled() {
            return thrown.get() instanceof SealingException e && e.cancelled();
        }

        @Override
        public void close() {
            worker.shutdownNow();
            executor.close();
        }
    }

    /** Runs AddPiece (and PreCommit1 for a PreCommit2) for real, then returns the task to cancel. */
    private TaskRequest readyFor(TaskType type) throws Exception {
        try (NativeTaskExecutor real = executor(JnaSealingFfi.get())) {
            String commD = real.work(task(TaskType.AP, Map.of()), 1).get("commD");
            Map<String, String> params = Map.of("ticket", HEX, "commD", commD);
            if (type == TaskType.PC2) {
                real.work(task(TaskType.PC1, params), 1);
            }
            return task(type, params);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PC1", "PC2"})
    void cancelStopsATasksNativeCallAndLeavesNoTemporaryFile(TaskType type) throws Exception {
        try (BlockedCall call = new BlockedCall(type)) {
            assertTrue(call.executor.cancel(call.task.schedId()));
            TaskFailure f = call.failure();
            assertEquals(FailureKind.TEMPORARY, f.kind());
            assertEquals(type.shortName() + " of " + ID + " was cancelled", f.getMessage());
            assertFalse(call.executor.cancel(call.task.schedId()), "the call has ended");
            assertTrue(call.nativeCallCancelled());
        }
        assertEquals(List.of(), temporaries());
        if (type == TaskType.PC2) {
            assertFalse(Files.exists(new SectorFiles(storage).sealed(ID)), "no replica");
        }
    }

    @Test
    void interruptingATimedOutTaskCancelsItsNativeCall() throws Exception {
        try (BlockedCall call = new BlockedCall(TaskType.PC1)) {
            assertThrows(TimeoutException.class, () -> call.result.get(50, TimeUnit.MILLISECONDS));
            call.result.cancel(true);
            call.worker.shutdown();
            assertTrue(call.worker.awaitTermination(60, TimeUnit.SECONDS), "the task's thread ends once the call has");
            assertTrue(call.nativeCallCancelled());
        }
        assertEquals(List.of(), temporaries());
        try (Stream<Path> s = Files.list(new SectorFiles(storage).cache(ID))) {
            assertEquals(List.of(), s.toList(), "no layer file");
        }
    }

    @Test
    void closeCancelsRunningCallsAndWaitsForThem() throws Exception {
        try (BlockedCall call = new BlockedCall(TaskType.PC1)) {
            call.executor.close();
            assertTrue(call.nativeCallCancelled(), "ended before close returned");
            assertEquals(FailureKind.TEMPORARY, call.failure().kind());
        }
        assertEquals(List.of(), temporaries());
    }

    /** Every temporary file (libsealcore's or this executor's) under the storage and the parent cache. */
    private List<Path> temporaries() throws Exception {
        List<Path> found = new ArrayList<>();
        for (Path dir : List.of(storage, parents)) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.filter(p -> p.getFileName().toString().contains(".tmp")).forEach(found::add);
                }
            }
        }
        return found;
    }
}
