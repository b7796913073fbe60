package io.sealer.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealer.cli.SealerCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The node processes of one cluster test: each started with the test's parent cache
 * (FIL_PROOFS_PARENT_CACHE) and its log under {@code logs}, all stopped by {@link #close}; and
 * `sealer` commands run in the test's JVM as an operator types them.
 */
public final class ClusterNodes implements AutoCloseable {
    /** What a `sealer` command did. */
    public record Cli(int code, String out, String err) {}

    private final Path logs;
    private final Path parentCache;
    private final List<NodeProcess> nodes = new ArrayList<>();

    public ClusterNodes(Path logs, Path parentCache) {
        this.logs = logs;
        this.parentCache = parentCache;
    }

    public NodeProcess start(String name, Map<String, String> env, String... args) throws IOException {
        Map<String, String> all = new HashMap<>(env);
        all.put("FIL_PROOFS_PARENT_CACHE", parentCache.toString());
        NodeProcess p = NodeProcess.start(name, logs, all, args);
        nodes.add(p);
        return p;
    }

    /** Runs `sealer args...` in this JVM. */
    public static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SealerCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = SealerCli.execute(cl, Map.of(), args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** Runs `sealer args...` in this JVM, which must succeed; returns its standard output. */
    public static String sealer(String... args) {
        Cli r = run(args);
        assertEquals(0, r.code(), "sealer " + String.join(" ", args) + " failed: " + r.err());
        return r.out();
    }

    @Override
    public void close() {
        nodes.forEach(NodeProcess::close);
    }
}
