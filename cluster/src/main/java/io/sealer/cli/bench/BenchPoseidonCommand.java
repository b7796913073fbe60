package io.sealer.cli.bench;

import io.sealer.proofs.JnaSealingFfi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `sealer bench poseidon`: Poseidon hashes per second on one core, per arity. */
@Command(name = "poseidon", mixinStandardHelpOptions = true,
        description = "Poseidon (BLS12-381, neptune constants) hashes per second on one core.")
public final class BenchPoseidonCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Option(names = "--arity", split = ",", defaultValue = "2,8,11",
            description = "Arities to measure (2, 4, 8, 11, 16; default ${DEFAULT-VALUE}).")
    List<Integer> arities;

    @Option(names = "--seconds", defaultValue = "2", description = "Seconds per arity (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", description = "Print a JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() {
        Map<Integer, Double> rates = new LinkedHashMap<>();
        for (int a : arities) {
            double r = JnaSealingFfi.get().poseidonHashesPerSecond(a, seconds);
            rates.put(a, r);
            out().println(String.format(Locale.ROOT, "Poseidon arity %d: %.0f hashes/s (one core)", a, r));
        }
        if (json) {
            StringBuilder sb = new StringBuilder("{\"hashesPerSecond\": {");
            boolean first = true;
            for (Map.Entry<Integer, Double> e : rates.entrySet()) {
                sb.append(first ? "" : ", ").append('"').append(e.getKey()).append("\": ")
                        .append(String.format(Locale.ROOT, "%.0f", e.getValue()));
                first = false;
            }
            out().println(sb.append("}}"));
        }
        return 0;
    }
}
