package io.sealer.cli.sealing;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * `sealer sealing ...`: the scheduler as the operator sees it, through the miner's API, as
 * {@code lotus-miner sealing} shows it, plus {@code why}. Each sub-command finds the miner
 * through {@code --repo} or MINER_API_INFO; all but {@code why} (read) need an admin token.
 */
@Command(name = "sealing", mixinStandardHelpOptions = true,
        description = "Workers, jobs, scheduler diagnostics, abort and why a task waits.",
        subcommands = {SealingWorkersCommand.class, SealingJobsCommand.class, SealingSchedDiagCommand.class,
            SealingAbortCommand.class, SealingWhyCommand.class})
public final class SealingCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
