package io.sealer.cluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process per repository: a second one is refused with the holder's pid; a killed holder leaves it free. */
class RepoLockTest {
    @TempDir
    Path dir;

    private static Process holder(Path repo) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                RepoLockHolder.class.getName(), repo.toString())).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("locked"), "holder said: " + line);
        return p;
    }

    @Test
    void aSecondProcessIsRefusedWithTheHoldersPidUntilTheHolderIsKilled() throws Exception {
        Path repo = dir.resolve("repo");
        Process p = holder(repo);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RepoLock.acquire(repo));
            assertEquals("repository " + repo + " is in use by process " + p.pid(), e.getMessage());
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        // kill -9 released the lock with the process: the repository is free again.
        RepoLock.acquire(repo).close();
        assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(repo.resolve("repo.lock")));
    }

    @Test
    void closingReleasesTheLockInThisProcessToo() {
        Path repo = dir.resolve("repo");
        RepoLock first = RepoLock.acquire(repo);
        assertThrows(IllegalStateException.class, () -> RepoLock.acquire(repo));
        first.close();
        RepoLock.acquire(repo).close();
    }

    @Test
    void aPathThatIsNotAWritableDirectoryIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RepoLock.acquire(file));
        assertEquals("not a writable directory: " + file, e.getMessage());
    }
}
