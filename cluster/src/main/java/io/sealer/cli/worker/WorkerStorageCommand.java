package io.sealer.cli.worker;

import io.sealer.cli.NodeCommand;
import io.sealer.cli.storage.AttachOptions;
import io.sealer.cli.storage.StorageAttach;
import io.sealer.cluster.repo.NodeKind;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `sealer worker storage attach ...`: a storage path for this machine's worker (its running process, or its repository). */
@Command(name = "storage", mixinStandardHelpOptions = true, description = "The worker's storage paths.",
        subcommands = {WorkerStorageCommand.Attach.class})
public final class WorkerStorageCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "attach", mixinStandardHelpOptions = true, description = "Attach a storage path to the worker.")
    static final class Attach implements Callable<Integer> {
        @CommandLine.Mixin
        AttachOptions options;

        @Option(names = "--repo", description = "Worker repository (default: $SEALER_WORKER_PATH or ~/.sealer-worker).")
        Path repo;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            StorageAttach.attach(NodeKind.WORKER, NodeCommand.repoOrDefault(repo, NodeKind.WORKER),
                    options.body(spec.commandLine()), spec.commandLine().getOut());
            return 0;
        }
    }
}
