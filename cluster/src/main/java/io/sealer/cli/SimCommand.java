package io.sealer.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.sealer.core.sim.SimEngine;
import io.sealer.core.sim.SimInputException;
import io.sealer.core.sim.SimResult;
import io.sealer.core.sim.SimSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `sealer sim FILE.json [--trace]`: runs the real scheduler against simulated workers in
 * virtual time and prints one JSON object (docs/simulation.md). Bad input (a missing file,
 * bad JSON, text after the JSON, a bad field) exits 2 with one line naming the file and field.
 */
@Command(
        name = "sim",
        mixinStandardHelpOptions = true,
        description = {"Simulate a cluster: the real scheduling code against simulated workers in virtual time.",
            "Prints one JSON object: events, unschedulable tasks and a summary (throughput, bound, utilization,"
                    + " queue waits). See docs/simulation.md."})
public final class SimCommand implements Callable<Integer> {
    private static final JsonFactory JSON = new JsonFactory();

    @Parameters(index = "0", paramLabel = "FILE.json", description = "The simulation: workers, tasks and/or a pipeline.")
    Path file;

    @Option(names = "--trace", description = "Include every prepare/start/done event (left out otherwise).")
    boolean trace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw badInput("no such file");
        } catch (IOException e) {
            throw badInput("cannot read it: " + CliErrors.oneLine(String.valueOf(e.getMessage())));
        }
        SimResult result;
        try {
            rejectTrailingText(text);
            result = new SimEngine(SimSpec.parse(text), trace).run();
        } catch (SimInputException e) {
            throw badInput(e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException("the simulation of " + file
                    + " ran out of memory; give the JVM more with SEALER_JAVA_OPTS=-Xmx...");
        }
        out.print(result.toJson());
        out.flush();
        return 0;
    }

    private CommandLine.ParameterException badInput(String what) {
        return new CommandLine.ParameterException(spec.commandLine(), file + ": " + what);
    }

    /** Text after the JSON document (a second object, a stray brace) is refused with its line and column. */
    static void rejectTrailingText(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() == null) {
                return;
            }
            p.skipChildren();
            JsonLocation end = p.currentLocation();
            try {
                if (p.nextToken() == null) {
                    return;
                }
            } catch (JsonProcessingException e) {
                // unparsable text after the document is trailing text all the same
            }
            throw new SimInputException("", "unexpected text after the JSON document at line " + end.getLineNr()
                    + " column " + end.getColumnNr());
        } catch (JsonProcessingException e) {
            // not valid JSON: SimSpec.parse reports it with its own wording
        } catch (IOException e) {
            throw new SimInputException("", "cannot read the JSON: " + e.getMessage());
        }
    }
}
