package io.sealer.e2e.support;

import io.sealer.cli.SealerCli;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.cluster.repo.RepoException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The nodes one test starts (each with the test's parent cache in FIL_PROOFS_PARENT_CACHE and
 * its log under {@code logs}), closed together at the end, and `sealer` commands run in the
 * test's JVM as an operator types them.
 */
public final class SealerProcesses implements AutoCloseable {
    /** What one `sealer` command did: its exit code and what it printed on stdout and stderr. */
    public record Run(int code, String out, String err) {}

    private final Path parentCache;
    private final Path logs;
    private final List<NodeProcess> started = new ArrayList<>();

    public SealerProcesses(Path parentCache, Path logs) {
        this.parentCache = parentCache;
        this.logs = logs;
    }

    /** Starts `sealer args...` named {@code name} with {@code env} and the parent cache. */
    public NodeProcess start(String name, Map<String, String> env, String... args) throws IOException {
        Map<String, String> all = new HashMap<>(env);
        all.put("FIL_PROOFS_PARENT_CACHE", parentCache.toString());
        NodeProcess p = NodeProcess.start(name, logs, all, args);
        started.add(p);
        return p;
    }

    /**
     * Initialises a miner repository whose miner seals nothing itself (every Storage.Allow*
     * off), with {@code moreConfig} (HOCON lines) appended to its config.conf.
     */
    public static NodeRepo minerRepoSealingNothing(Path dir, String moreConfig) throws RepoException, IOException {
        NodeRepo repo = NodeRepo.openOrInit(dir, NodeKind.MINER);
        StringBuilder conf = new StringBuilder("\n");
        for (String allow : List.of("AddPiece", "PreCommit1", "PreCommit2", "Commit", "Unseal")) {
            conf.append("Storage.Allow").append(allow).append(" = false\n");
        }
        Files.writeString(repo.configFile(), conf + moreConfig, StandardOpenOption.APPEND);
        return repo;
    }

    /** Runs `sealer args...` in this JVM. */
    public static Run sealer(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SealerCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = SealerCli.execute(cl, Map.of(), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Override
    public void close() {
        started.forEach(NodeProcess::close);
    }
}
