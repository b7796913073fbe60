package io.sealer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `sealer` command line: one sub-command per operator task. */
@Command(
        name = "sealer",
        mixinStandardHelpOptions = true,
        version = "sealer 0.1.0",
        description = "Actor-based Filecoin sealing cluster.",
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class, io.sealer.cli.worker.WorkerCommand.class, io.sealer.cli.bench.BenchCommand.class,
            SimCommand.class, io.sealer.cli.auth.AuthCommand.class})
public final class SealerCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The configured command line: errors from a command print as one line "sealer: ..."
     * (no stack trace) and exit 1; bad flags print the message and usage and exit 2.
     */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new SealerCli()));
    }

    /** Applies the error handling of {@link #commandLine()} to any command (tests build sub-commands alone). */
    public static CommandLine configure(CommandLine cl) {
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("sealer: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            cmd.getErr().flush();
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
