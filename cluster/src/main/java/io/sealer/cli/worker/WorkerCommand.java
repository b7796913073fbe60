package io.sealer.cli.worker;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `sealer worker ...`: commands about this machine as a sealing worker. */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        description = "Worker node commands.",
        subcommands = {WorkerRunCommand.class, WorkerInfoCommand.class, WorkerResourcesCommand.class,
            WorkerStorageCommand.class})
public final class WorkerCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
