package io.sealer.cli.worker;

import io.sealer.cli.storage.AttachCommand;
import io.sealer.cluster.repo.NodeKind;
import java.nio.file.Path;
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
    static final class Attach extends AttachCommand {
        @Option(names = "--repo", description = "Worker repository (default: $SEALER_WORKER_PATH or ~/.sealer-worker).")
        Path repo;

        @Override
        protected NodeKind kind() {
            return NodeKind.WORKER;
        }

        @Override
        protected Path repo() {
            return repo;
        }
    }
}
