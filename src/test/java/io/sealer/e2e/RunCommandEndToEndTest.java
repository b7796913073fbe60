package io.sealer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cli.SealerCli;
import io.sealer.cluster.node.RepoLock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `sealer run` as an operator runs it: flags, configuration, the repository lock, a node, a sealed sector, exit 0. */
class RunCommandEndToEndTest {
    @TempDir
    Path repo;

    @Test
    void sealsOneSectorAndLeavesTheRepositoryFree() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SealerCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = SealerCli.execute(cl, Map.of(), "run", "--single-node", "--repo", repo.toString(), "--sectors", "1",
                "--wait-seed", "200ms", "--timeout", "3m");
        assertEquals(0, code, err.toString());
        assertEquals("", err.toString());
        String last = out.toString().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("1 sector(s) sealed, 0 failed, 2KiB 1.1"), out.toString());
        assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(repo.resolve("repo.lock")));
        RepoLock.acquire(repo).close();
    }
}
