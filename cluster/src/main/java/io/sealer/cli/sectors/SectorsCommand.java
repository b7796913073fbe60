package io.sealer.cli.sectors;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * `sealer sectors ...`: the miner's sectors through its API, as {@code lotus-miner sectors}
 * shows them. Each sub-command finds the miner through {@code --repo} or MINER_API_INFO and
 * needs a token of the permission docs/api.md gives it.
 */
@Command(name = "sectors", mixinStandardHelpOptions = true, description = "Pledge, list, inspect and remove sectors; add deal data and read it back.",
        subcommands = {SectorsPledgeCommand.class, SectorsListCommand.class, SectorsStatusCommand.class,
            SectorsRemoveCommand.class, SectorsAddPieceCommand.class, SectorsSealCommand.class,
            SectorsReadCommand.class})
public final class SectorsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
