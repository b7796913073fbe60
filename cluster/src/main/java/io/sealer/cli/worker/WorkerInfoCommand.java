package io.sealer.cli.worker;

import io.sealer.cli.SealerCli;
import io.sealer.cluster.node.SealerNode;
import io.sealer.cluster.node.WorkerEnv;
import io.sealer.core.resources.Bytes;
import io.sealer.core.resources.NodeProbe;
import io.sealer.core.resources.ResourceKeys;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.task.TaskType;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `sealer worker info`: what `lotus-worker info` shows for this machine as a worker: host
 * name, CPU model and count, RAM and swap used and total, the GPUs it may use with their
 * memory, the task types it takes (by order weight, as Lotus sorts them) and the resource
 * overrides of its environment, which are checked as a starting worker checks them.
 */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show what this machine reports as a worker.")
public final class WorkerInfoCommand implements Callable<Integer> {

    @Option(names = "--no-swap", description = "Report no swap, as a worker started with no-swap would.")
    boolean noSwap;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    public WorkerInfoCommand() {
        this(System.getenv());
    }

    WorkerInfoCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WorkerResources r = NodeProbe.system().probe(noSwap);
        WorkerEnv.resourceTable(env, r.gpuCount(), w -> err.println("warning: " + w));
        HostDetails host = HostDetails.probe(env);
        out.println("Version: " + SealerCli.VERSION);
        out.println("Hostname: " + host.hostname());
        out.printf("CPUs: %d (%s); GPUs: %s%n", r.cpus(), host.cpuModel(),
                host.gpus().isEmpty() ? "none" : "[" + String.join(", ", host.gpus()) + "]");
        out.printf("RAM: %s/%s; Swap: %s/%s%n", Bytes.format(r.memUsed()), Bytes.format(r.memPhysical()),
                Bytes.format(r.memSwapUsed()), Bytes.format(r.memSwap()));
        out.println("Task types: " + SealerNode.SEALING_TASKS.stream().sorted(Comparator.comparingInt(TaskType::orderWeight))
                .map(TaskType::shortName).collect(Collectors.joining(" ")));
        Map<String, String> overrides = ResourceKeys.set(env);
        out.println("Resource overrides: " + (overrides.isEmpty() ? "none" : overrides.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))));
        out.flush();
        return 0;
    }
}
