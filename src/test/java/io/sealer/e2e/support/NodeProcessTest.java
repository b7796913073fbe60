package io.sealer.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: a real `sealer` JVM, its output, its exit code, and a kill. */
class NodeProcessTest {

    @Test
    void runsTheCliInItsOwnJvmAndReadsItsOutput(@TempDir Path tmp) throws Exception {
        try (NodeProcess p = NodeProcess.start("help", tmp, Map.of(), "--version")) {
            assertTrue(p.awaitLine("^sealer \\d", Duration.ofSeconds(60)).find(0));
            assertEquals(0, p.awaitExit(Duration.ofSeconds(60)));
            assertTrue(Files.readString(tmp.resolve("help.log")).startsWith("sealer "));
            assertTrue(p.pid() != ProcessHandle.current().pid());
        }
    }

    @Test
    void aKilledProcessIsGone(@TempDir Path tmp) throws Exception {
        try (NodeProcess p = NodeProcess.start("sim", tmp, Map.of(), "sim", "/dev/stdin")) {
            p.kill9();
            assertFalse(p.isAlive());
        }
    }
}
