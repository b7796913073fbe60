package io.sealer.cli.storage;

import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.MinerEndpoint;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.storage.index.StorageApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `sealer storage ...`: the miner's storage paths and the cluster's storage index (admin token),
 * as {@code lotus-miner storage}: attach a path to the miner, list every node's paths, find a
 * sector's files.
 */
@Command(name = "storage", mixinStandardHelpOptions = true, description = "Storage paths and where sector files are.",
        subcommands = {StorageCommand.Attach.class, StorageCommand.ListPaths.class, StorageCommand.Find.class})
public final class StorageCommand implements Runnable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** `sealer storage attach [--init --seal|--store ...] PATH`. */
    @Command(name = "attach", mixinStandardHelpOptions = true, description = "Attach a storage path to the miner.")
    static final class Attach extends AttachCommand {
        @Option(names = "--repo", description = "Miner repository (default: $SEALER_MINER_PATH or ~/.sealer-miner).")
        Path repo;

        @Override
        protected NodeKind kind() {
            return NodeKind.MINER;
        }

        @Override
        protected Path repo() {
            return repo;
        }
    }

    /** Options of the commands that ask the running miner. */
    abstract static class MinerQuery implements Callable<Integer> {
        @Option(names = "--repo", description = "Miner repository whose running miner to ask "
                + "(default: $MINER_API_INFO, else $SEALER_MINER_PATH or ~/.sealer-miner).")
        Path repo;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        ApiClient client() throws Exception {
            Map<String, String> env = System.getenv();
            return new ApiClient(MinerEndpoint.resolve(repo, env, NodeKind.home(env)), "the miner", CALL_TIMEOUT);
        }
    }

    /** `sealer storage list`. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every node's storage paths: space, weight, use, groups, health and sector files.")
    static final class ListPaths extends MinerQuery {
        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().print(StorageView.list(client().get("/api/v0/storage/list",
                    StorageApi.Listing.class)));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** `sealer storage find N`. */
    @Command(name = "find", mixinStandardHelpOptions = true, description = "Where each file of a sector is.")
    static final class Find extends MinerQuery {
        @Parameters(index = "0", paramLabel = "SECTOR", description = "The sector number.")
        long sector;

        @Override
        public Integer call() throws Exception {
            if (sector < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "SECTOR must be 0 or more, got " + sector);
            }
            spec.commandLine().getOut().print(StorageView.find(client().get("/api/v0/storage/find/" + sector,
                    StorageApi.SectorLocations.class)));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
