package io.sealer.cli.sectors;

import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.repo.RepoException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** What every `sealer sectors` sub-command shares: the environment it reads, the miner it asks, its output. */
abstract class SectorCommandBase implements Callable<Integer> {
    @CommandLine.Mixin
    MinerOptions miner;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;
    private final Path home;

    SectorCommandBase(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    static Path userHome() {
        return NodeKind.home(System.getenv());
    }

    ApiClient client() throws RepoException {
        return miner.client(env, home);
    }

    /** A client whose calls may take {@code timeout} (a read that unseals). */
    ApiClient client(java.time.Duration timeout) throws RepoException {
        return miner.client(env, home, timeout);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
