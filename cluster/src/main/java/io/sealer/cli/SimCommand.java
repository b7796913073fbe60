package io.sealer.cli;

import io.sealer.core.sim.SimEngine;
import io.sealer.core.sim.SimInputException;
import io.sealer.core.sim.SimResult;
import io.sealer.core.sim.SimSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `sealer sim FILE.json [--trace]`: runs the real scheduler against simulated workers in
 * virtual time and prints one JSON object (docs/simulation.md). Bad input exits 2 with one
 * line naming the field.
 */
@Command(
        name = "sim",
        mixinStandardHelpOptions = true,
        description = {"Simulate a cluster: the real scheduling code against simulated workers in virtual time.",
            "Prints one JSON object: events, unschedulable tasks and a summary (throughput, bound, utilization,"
                    + " queue waits). See docs/simulation.md."})
public final class SimCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.json", description = "The simulation: workers, tasks and/or a pipeline.")
    Path file;

    @Option(names = "--trace", description = "Include every prepare/start/done event (left out otherwise).")
    boolean trace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("sealer sim: " + file + ": no such file");
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("sealer sim: cannot read " + file + ": " + e);
            err.flush();
            return 2;
        }
        try {
            SimSpec sim = SimSpec.parse(text);
            SimResult result = new SimEngine(sim, trace).run();
            out.print(result.toJson());
            out.flush();
            return 0;
        } catch (SimInputException e) {
            err.println("sealer sim: " + file + ": " + e.getMessage());
            err.flush();
            return 2;
        } catch (RuntimeException | OutOfMemoryError e) {
            err.println("sealer sim: " + file + ": simulation failed: " + e);
            err.flush();
            return 1;
        }
    }
}
