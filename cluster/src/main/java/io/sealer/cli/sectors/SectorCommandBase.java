package io.sealer.cli.sectors;

import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.repo.RepoException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * What every command that asks the miner's API shares (`sealer sectors ...`, `sealer sealing
 * ...`): the environment it reads, the miner it asks, its output.
 */
public abstract class SectorCommandBase implements Callable<Integer> {
    @CommandLine.Mixin
    MinerOptions miner;

    @CommandLine.Spec
    protected CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;
    private final Path home;

    protected SectorCommandBase(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    protected static Path userHome() {
        return NodeKind.home(System.getenv());
    }

    protected ApiClient client() throws RepoException {
        return miner.client(env, home);
    }

    /** A client whose calls may take {@code timeout} (a read that unseals). */
    protected ApiClient client(java.time.Duration timeout) throws RepoException {
        return miner.client(env, home, timeout);
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
