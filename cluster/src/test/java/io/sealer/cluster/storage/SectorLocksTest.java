package io.sealer.cluster.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.core.task.SectorId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SectorLocksTest {
    private static final SectorId S1 = new SectorId(1000, 1);
    private static final SectorId S2 = new SectorId(1000, 2);
    private static final Set<FileType> NONE = EnumSet.noneOf(FileType.class);
    private static final Set<FileType> SEALED = EnumSet.of(FileType.SEALED);
    private static final Set<FileType> CACHE = EnumSet.of(FileType.CACHE);
    private static final Set<FileType> BOTH = EnumSet.of(FileType.SEALED, FileType.CACHE);

    private final SectorLocks locks = new SectorLocks();

    @Test
    void readersShareAndWritersExclude() {
        assertTrue(locks.tryLock(S1, SEALED, NONE, "c1"));
        assertTrue(locks.tryLock(S1, SEALED, NONE, "c2"));
        assertFalse(locks.tryLock(S1, NONE, SEALED, "fin"), "a writer waits for readers");
        assertTrue(locks.tryLock(S1, NONE, CACHE, "fin"), "another type is independent");
        assertFalse(locks.tryLock(S1, CACHE, NONE, "c3"), "a reader waits for the writer");
        assertTrue(locks.tryLock(S2, NONE, BOTH, "other"), "another sector is independent");
        assertEquals(Map.of("c1", 1, "c2", 1), locks.held(S1).get(FileType.SEALED).readers());
        assertEquals("fin", locks.held(S1).get(FileType.CACHE).writer());
    }

    @Test
    void aRequestTakesAllItsLocksOrNone() {
        assertTrue(locks.tryLock(S1, NONE, CACHE, "a"));
        assertFalse(locks.tryLock(S1, NONE, BOTH, "b"));
        assertFalse(locks.held(S1).containsKey(FileType.SEALED), "the free sealed lock was not taken");
        locks.release(S1, "a");
        assertEquals(Map.of(), locks.held(S1));
        assertTrue(locks.tryLock(S1, NONE, BOTH, "b"));
    }

    @Test
    void releaseFreesOnlyTheHoldersLocks() {
        assertTrue(locks.tryLock(S1, BOTH, NONE, "a"));
        assertTrue(locks.tryLock(S1, SEALED, NONE, "b"));
        locks.release(S1, "a");
        assertEquals(Map.of("b", 1), locks.held(S1).get(FileType.SEALED).readers());
        assertFalse(locks.held(S1).containsKey(FileType.CACHE));
        assertThrows(IllegalArgumentException.class, () -> locks.tryLock(S1, SEALED, SEALED, "x"));
    }
}
