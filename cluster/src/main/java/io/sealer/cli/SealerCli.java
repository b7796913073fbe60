package io.sealer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `sealer` command line: one sub-command per operator task. */
@Command(
        name = "sealer",
        mixinStandardHelpOptions = true,
        version = "sealer 0.1.0",
        description = "Actor-based Filecoin sealing cluster.",
        subcommands = {CommandLine.HelpCommand.class, io.sealer.cli.bench.BenchCommand.class})
public final class SealerCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return new CommandLine(new SealerCli()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
