package io.sealer.cluster.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.sealer.proofs.SealingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The failure kinds the native executor reports, which pick the sector's failure route. */
class NativeTaskExecutorTest {
    private static final SectorId ID = new SectorId(1000, 3);
    private static final String HEX = "01".repeat(32);

    @TempDir
    Path storage;

    private NativeTaskExecutor executor() {
        return new NativeTaskExecutor(JnaSealingFfi.get(), new SectorFiles(storage), 1);
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
        TaskFailure f = assertThrows(TaskFailure.class, () -> executor().work(task(TaskType.UNS, Map.of()), 1));
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
    })
    void nativeErrorsMapToFailureKinds(TaskType type, int code, FailureKind kind) {
        assertEquals(kind, NativeTaskExecutor.kindOf(type, new SealingException(code, "x")));
    }
}
