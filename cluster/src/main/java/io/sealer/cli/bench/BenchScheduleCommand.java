package io.sealer.cli.bench;

import io.sealer.cli.DurationConverter;
import io.sealer.cluster.node.NodeConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `sealer bench schedule`: the time from a task becoming schedulable to its start on an idle
 * worker of another cluster member (see {@link ScheduleLatency}), as p50, p95, p99 and max.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Time from a task becoming schedulable to its start on an idle worker of another cluster "
                + "member (two members on 127.0.0.1 in this JVM, a do-nothing executor).")
public final class BenchScheduleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--tasks", defaultValue = "500", description = "Measured tasks (default ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--warmup", defaultValue = "100", description = "Unmeasured tasks first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--gap", defaultValue = "20ms", converter = DurationConverter.class,
            description = "Pause after each outcome before the next task (default ${DEFAULT-VALUE}).")
    Duration gap;

    @Option(names = "--json", description = "Print a JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (tasks < 1 || tasks > 1_000_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tasks: must be between 1 and 1000000, got " + tasks);
        }
        if (warmup < 0 || warmup > 1_000_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup: must be between 0 and 1000000, got " + warmup);
        }
        ScheduleLatency.Result r = ScheduleLatency.run(NodeConfig.load(), warmup, tasks, gap);
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT,
                "schedulable -> started on another node, %d tasks: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms, "
                        + "mean %.2f ms", tasks, r.percentileMillis(50), r.percentileMillis(95), r.percentileMillis(99),
                r.percentileMillis(100), r.meanMillis()));
        if (json) {
            out.println(String.format(Locale.ROOT,
                    "{\"tasks\": %d, \"p50Ms\": %.3f, \"p95Ms\": %.3f, \"p99Ms\": %.3f, \"maxMs\": %.3f, \"meanMs\": %.3f}",
                    tasks, r.percentileMillis(50), r.percentileMillis(95), r.percentileMillis(99), r.percentileMillis(100),
                    r.meanMillis()));
        }
        out.flush();
        return 0;
    }
}
