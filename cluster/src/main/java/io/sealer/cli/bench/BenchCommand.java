package io.sealer.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `sealer bench ...`: time sealing phases on this machine with the real native library. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmark sealing phases on this machine (real native proofs).",
        subcommands = {
            BenchParentsCommand.class,
            BenchPc1Command.class,
            BenchSealCommand.class,
            BenchPoseidonCommand.class,
            BenchPreCommit2Command.class,
            BenchCommit1Command.class,
            BenchCommit2Command.class,
            BenchUnsealCommand.class,
            BenchScheduleCommand.class
        })
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
