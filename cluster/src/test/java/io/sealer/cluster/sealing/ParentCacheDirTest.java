package io.sealer.cluster.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One parent cache directory per machine: $FIL_PROOFS_PARENT_CACHE, else the Lotus default. */
class ParentCacheDirTest {
    @Test
    void theVariableWinsAndBlankMeansTheDefault() {
        assertEquals(Path.of("/var/tmp/filecoin-parents"), ParentCacheDir.resolve(Map.of()));
        assertEquals(Path.of("/var/tmp/filecoin-parents"), ParentCacheDir.resolve(Map.of("FIL_PROOFS_PARENT_CACHE", " ")));
        assertEquals(Path.of("/fast/parents"), ParentCacheDir.resolve(Map.of("FIL_PROOFS_PARENT_CACHE", "/fast/parents")));
    }
}
