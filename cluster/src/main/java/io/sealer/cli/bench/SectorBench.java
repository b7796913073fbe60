package io.sealer.cli.bench;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What every bench command shares: --size, --proof-version, --json and its output. */
abstract class SectorBench {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    SectorOptions sectorOpts;

    @Option(names = "--json", description = "Print a JSON object as the last line.")
    boolean json;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
