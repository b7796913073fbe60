package io.sealer.core.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.core.sched.FailureKind;
import io.sealer.core.sched.TaskOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskResultStoreTest {

    @Test
    void aResultIsKeptAcrossRestartsUntilForgotten(@TempDir Path dir) throws Exception {
        TaskOutcome ok = TaskOutcome.success(UUID.randomUUID(), "w1", Map.of("commR", "abc"));
        TaskOutcome failed = TaskOutcome.failure(UUID.randomUUID(), "w1", FailureKind.MISSING_INPUT, "no layers");
        new TaskResultStore(dir).record("s-t01000-1.PreCommit2.0", ok);
        new TaskResultStore(dir).record("s-t01000-2.PreCommit1.1", failed);

        TaskResultStore reopened = new TaskResultStore(dir);
        assertEquals(ok, reopened.find("s-t01000-1.PreCommit2.0").orElseThrow());
        assertEquals(List.of("s-t01000-1.PreCommit2.0", "s-t01000-2.PreCommit1.1"),
                reopened.pending().stream().map(TaskResultStore.Recorded::callId).sorted().toList());
        assertEquals(FailureKind.MISSING_INPUT, reopened.find("s-t01000-2.PreCommit1.1").orElseThrow().failureKind());

        reopened.forget("s-t01000-1.PreCommit2.0");
        assertTrue(reopened.find("s-t01000-1.PreCommit2.0").isEmpty());
        assertEquals(1, new TaskResultStore(dir).pending().size());
    }

    @Test
    void leftoversOfACrashAreIgnoredAndDamagedFilesNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(".tmp-s-1.PreCommit1.0-999-1"), "{\"callId\":");
        Files.writeString(dir.resolve("s-2.PreCommit1.0.json"), "{ torn");
        TaskResultStore store = new TaskResultStore(dir);
        assertTrue(Files.notExists(dir.resolve(".tmp-s-1.PreCommit1.0-999-1")));
        assertEquals(List.of(), store.pending());
        assertEquals(List.of(dir.resolve("s-2.PreCommit1.0.json")), store.damaged());
    }

    @Test
    void callIdsCannotLeaveTheDirectory(@TempDir Path dir) throws Exception {
        TaskResultStore store = new TaskResultStore(dir);
        TaskOutcome ok = TaskOutcome.success(UUID.randomUUID(), "w", Map.of());
        assertThrows(IllegalArgumentException.class, () -> store.record("../evil", ok));
        assertThrows(IllegalArgumentException.class, () -> store.find("a/b"));
    }
}
