package io.sealer.cli.storage;

import io.sealer.cluster.storage.index.StorageApi;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What `sealer storage attach` and `sealer worker storage attach` take (the flags of lotus-miner storage attach). */
public final class AttachOptions {
    @Option(names = "--init", description = "Initialize the path first: write a new sectorstore.json (the directory must be empty).")
    boolean init;

    @Option(names = "--seal", description = "With --init: the path takes sealing data (CanSeal).")
    boolean seal;

    @Option(names = "--store", description = "With --init: the path takes finalized sectors (CanStore).")
    boolean store;

    @Option(names = "--weight", description = "With --init: the path's share of new data (default 10; 0 takes none).")
    String weight;

    @Option(names = "--max-storage", description = "With --init: the most its sector files may use, such as 2TiB (default: no limit).")
    String maxStorage;

    @Option(names = "--groups", split = ",", description = "With --init: the groups the path belongs to.")
    List<String> groups;

    @Option(names = "--allow-to", split = ",", description = "With --init: only paths of these groups may fetch from it.")
    List<String> allowTo;

    @Parameters(index = "0", paramLabel = "PATH", description = "The directory to attach.")
    Path path;

    /** The request; a path that could hold nothing is a usage error. */
    public StorageApi.AttachBody body(CommandLine cmd) {
        if (init && !seal && !store) {
            throw new CommandLine.ParameterException(cmd, "--init needs --seal, --store or both: the path would hold nothing");
        }
        return new StorageApi.AttachBody(path.toAbsolutePath().normalize().toString(), init, seal, store, weight, maxStorage,
                groups, allowTo);
    }
}
