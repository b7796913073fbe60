package io.sealer.cli;

import io.sealer.cluster.node.WorkerEnv;
import io.sealer.cluster.storage.RemoteFetcher;
import java.io.PrintWriter;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The `sealer` command line: one sub-command per operator task. It owns the error style of
 * every command: a usage mistake prints one line naming the option and what it accepts and
 * exits 2 ({@code --help} shows the usage); a failure while running prints one line and exits
 * 1. Every such line starts with "sealer: ". No stack trace, Java class name or actor path reaches the user.
 */
@Command(
        name = "sealer",
        mixinStandardHelpOptions = true,
        version = SealerCli.VERSION,
        description = "Actor-based Filecoin sealing cluster.",
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class, MinerCommand.class, NodeCommand.class,
            io.sealer.cli.worker.WorkerCommand.class, io.sealer.cli.bench.BenchCommand.class,
            SimCommand.class, io.sealer.cli.auth.AuthCommand.class, io.sealer.cli.sectors.SectorsCommand.class,
            io.sealer.cli.storage.StorageCommand.class, io.sealer.cli.sealing.SealingCommand.class})
public final class SealerCli implements Runnable {
    public static final String VERSION = "sealer 0.1.0";
    /** Exit code of a usage mistake (bad flag, bad input file). */
    public static final int USAGE = 2;
    /** Exit code of a failure while running. */
    public static final int FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        RemoteFetcher.useLargeReadBuffers();
        System.exit(run(System.getenv(), args));
    }

    /** Runs the CLI with this process's environment and returns its exit code. */
    public static int run(String... args) {
        return run(System.getenv(), args);
    }

    /** Runs the CLI and returns its exit code; {@code env} is checked first (tests pass their own). */
    public static int run(Map<String, String> env, String... args) {
        return execute(commandLine(), env, args);
    }

    /** Runs {@code cl} (made by {@link #commandLine}) after checking {@code env}; returns the exit code. */
    public static int execute(CommandLine cl, Map<String, String> env, String... args) {
        try {
            WorkerEnv.checkLogLevel(env);
        } catch (IllegalArgumentException e) {
            report(cl, CliErrors.runtime(e));
            return FAILED;
        }
        int code = cl.execute(args);
        cl.getOut().flush();
        return code;
    }

    /** The configured command line (see the class comment for its error handling). */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new SealerCli()));
    }

    /** The configured command line, with sub-commands made by {@code factory} (tests inject an environment). */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        return configure(new CommandLine(new SealerCli(), factory));
    }

    /** Applies the error handling to any command line (tests build sub-commands alone). */
    public static CommandLine configure(CommandLine cl) {
        cl.setParameterExceptionHandler((ex, args) -> {
            report(ex.getCommandLine(), CliErrors.usage(ex));
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            LoggerFactory.getLogger(SealerCli.class).debug("{} failed", cmd.getCommandSpec().qualifiedName(), ex);
            report(cmd, CliErrors.runtime(ex));
            return FAILED;
        });
        return cl;
    }

    private static void report(CommandLine cmd, String line) {
        PrintWriter err = cmd.getErr();
        err.println("sealer: " + line);
        err.flush();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
