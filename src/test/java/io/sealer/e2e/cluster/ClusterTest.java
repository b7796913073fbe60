package io.sealer.e2e.cluster;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class whose tests each get a fresh {@link SealingCluster} (stopped after the test) in a
 * temporary directory, sharing one parent cache with the 2 KiB and 8 MiB graphs.
 */
abstract class ClusterTest {
    @TempDir
    static Path parentCache;

    @TempDir
    Path tmp;

    SealingCluster cluster;

    @BeforeAll
    static void parentCaches() {
        ReferenceSeal.ensureParentCache(parentCache, ReferenceSeal.SIZE_2KIB);
        ReferenceSeal.ensureParentCache(parentCache, ReferenceSeal.SIZE_8MIB);
    }

    @BeforeEach
    void startCluster() {
        cluster = new SealingCluster(tmp, parentCache);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }
}
