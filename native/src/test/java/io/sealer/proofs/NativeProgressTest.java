package io.sealer.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress and cancellation of PreCommit1 / PreCommit2 / parent cache generation at 8 MiB,
 * watched and cancelled from another thread, and what a cancelled or failed call leaves behind
 * (nothing).
 */
class NativeProgressTest {
    private static final SealingFfi FFI = JnaSealingFfi.get();
    private static final int PROOF_8MIB = 6;
    private static final long NODES = (8L << 20) / 32;
    private static ExecutorService watcher;

    @TempDir
    static Path shared;

    @BeforeAll
    static void stagedSectorAndParents() {
        watcher = Executors.newSingleThreadExecutor();
        FFI.addPiece(null, SealProofs.unpaddedSectorSize(PROOF_8MIB), shared.resolve("staged"), 8L << 20);
        FFI.ensureParentCache(PROOF_8MIB, shared.resolve("parents"));
    }

    @AfterAll
    static void stop() {
        watcher.shutdownNow();
    }

    /** Polls progress until stopped; records every done value; cancels at the given fraction (> 1: never). */
    private static Future<List<Long>> watch(NativeProgress progress, double cancelAt, Future<?>[] call) {
        return watcher.submit(() -> {
            List<Long> seen = new ArrayList<>();
            while (call[0] == null || !call[0].isDone()) {
                seen.add(progress.done());
                if (progress.total() > 0 && progress.fraction() >= cancelAt) {
                    progress.cancel();
                }
                Thread.sleep(1);
            }
            seen.add(progress.done());
            return seen;
        });
    }

    private static byte[] ticket() {
        return ReferenceInputs.ticket();
    }

    /** Runs call on another thread while progress is watched (and cancelled at cancelAt); what was seen. */
    private static <T> List<Long> runWatched(java.util.concurrent.Callable<T> task, NativeProgress progress,
            double cancelAt, java.util.function.Consumer<Future<T>> check) throws Exception {
        Future<?>[] call = new Future<?>[1];
        Future<List<Long>> seen = watch(progress, cancelAt, call);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<T> f = runner.submit(task);
            call[0] = f;
            check.accept(f);
        } finally {
            runner.shutdown();
        }
        List<Long> values = seen.get(10, TimeUnit.SECONDS);
        for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i) >= values.get(i - 1), "done went back: " + values);
        }
        return values;
    }

    private static void completes(Future<?> f) {
        try {
            f.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The SealingException a cancelled call threw. */
    private static SealingException failure(Future<?> f) {
        Exception e = assertThrows(Exception.class, () -> f.get(120, TimeUnit.SECONDS));
        return (SealingException) e.getCause();
    }

    private static List<String> files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void preCommit1ProgressIsMonotonicAndComplete(@TempDir Path dir) throws Exception {
        NativeProgress progress = new NativeProgress();
        runWatched(() -> FFI.preCommit1(PROOF_8MIB, shared.resolve("parents"), shared.resolve("staged"),
                dir.resolve("cache"), new byte[32], 1, ticket(), null, progress), progress, 2,
                NativeProgressTest::completes);
        assertEquals(2 * NODES, progress.total());
        assertEquals(progress.total(), progress.done());
        assertEquals(NativeProgress.Phase.DONE, progress.phase());
        assertEquals(List.of("sc-02-data-layer-1.dat", "sc-02-data-layer-2.dat"), files(dir.resolve("cache")));
    }

    @Test
    void preCommit1CancelledFromAnotherThreadStopsEarlyAndLeavesNoFile(@TempDir Path dir) throws Exception {
        NativeProgress progress = new NativeProgress();
        Path cache = dir.resolve("cache");
        runWatched(() -> FFI.preCommit1(PROOF_8MIB, shared.resolve("parents"), shared.resolve("staged"), cache,
                new byte[32], 1, ticket(), null, progress), progress, 0.05, f -> {
                    SealingException cause = failure(f);
                    assertTrue(cause.cancelled(), cause.getMessage());
                    assertTrue(cause.getMessage().contains("cancelled"), cause.getMessage());
                });
        assertTrue(progress.cancelRequested());
        assertTrue(progress.done() < progress.total(), "stopped before the end: " + progress.done());
        assertEquals(List.of(), files(cache), "no layer and no temporary file");
    }

    @Test
    void preCommit2CancelledLeavesNoTreeReplicaOrTemporary(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        PreCommit1Output pc1 = FFI.preCommit1(PROOF_8MIB, shared.resolve("parents"), shared.resolve("staged"), cache,
                new byte[32], 1, ticket(), null);
        NativeProgress progress = new NativeProgress();
        Path sealed = dir.resolve("sealed");
        runWatched(() -> FFI.preCommit2(PROOF_8MIB, cache, shared.resolve("staged"), sealed, 2, pc1.commD(), progress),
                progress, 0.3, f -> assertEquals(NativeStatus.CANCELLED, failure(f).status()));
        assertEquals(List.of("sc-02-data-layer-1.dat", "sc-02-data-layer-2.dat"), files(cache));
        assertFalse(Files.exists(sealed));
    }

    @Test
    void failedPreCommit2LeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        Path staged2k = dir.resolve("staged");
        Files.write(staged2k, new byte[2048]);
        FFI.preCommit1(5, dir.resolve("parents"), staged2k, cache, new byte[32], 1, ticket(), null);
        byte[] wrongCommD = new byte[32];
        SealingException e = assertThrows(SealingException.class,
                () -> FFI.preCommit2(5, cache, staged2k, dir.resolve("sealed"), 1, wrongCommD));
        assertEquals(NativeStatus.ERR_VERIFY, e.status());
        assertEquals(List.of("sc-02-data-layer-1.dat", "sc-02-data-layer-2.dat"), files(cache));
        assertEquals(List.of("cache", "parents", "staged"), files(dir));
    }

    @Test
    void cancelledParentCacheGenerationLeavesNoFile(@TempDir Path dir) {
        NativeProgress progress = new NativeProgress();
        progress.cancel();
        SealingException e = assertThrows(SealingException.class,
                () -> FFI.generateParentCache(PROOF_8MIB, dir.resolve("p.cache"), 1, progress));
        assertTrue(e.cancelled());
        assertFalse(Files.exists(dir.resolve("p.cache")));
        assertEquals(List.of(), assertDoesNotThrowFiles(dir));
    }

    private static List<String> assertDoesNotThrowFiles(Path dir) {
        try {
            return files(dir);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
