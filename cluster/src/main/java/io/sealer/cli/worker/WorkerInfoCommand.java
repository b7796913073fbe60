package io.sealer.cli.worker;

import io.sealer.cli.SealerCli;
import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.repo.RepoException;
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
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `sealer worker info`: with a worker running in the repository (or at WORKER_API_INFO), what
 * `lotus-worker info` shows of it: its version and session, whether it is enabled, host, CPUs,
 * GPUs, RAM, swap, the task types it takes now, its resource overrides and its storage paths. With none running,
 * what this machine would report as a worker: host
 * name, CPU model and count, RAM and swap used and total, the GPUs it may use with their
 * memory, the task types it takes (by order weight, as Lotus sorts them) and the resource
 * overrides of its environment, which are checked as a starting worker checks them.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the running worker, or what this machine reports as a worker when none runs.")
public final class WorkerInfoCommand implements Callable<Integer> {

    @CommandLine.Mixin
    WorkerApiOptions worker;

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
    public Integer call() throws RepoException, ApiClient.ApiCallException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<ApiClient> running = worker.running(env);
        if (running.isPresent()) {
            print(out, running.get().get("/api/v0/worker/info", WorkerReport.class));
            return 0;
        }
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

    /** The running worker, in `lotus-worker info`'s layout. */
    private static void print(PrintWriter out, WorkerReport r) {
        out.println("Worker version:  " + r.version());
        out.println("CLI version: " + SealerCli.VERSION);
        out.println();
        out.println("Session: " + r.session());
        out.println("Enabled: " + r.enabled());
        out.println("Hostname: " + r.hostname());
        out.printf("CPUs: %d (%s); GPUs: [%s]%n", r.cpus(), r.cpuModel(), String.join(", ", r.gpus()));
        out.printf("RAM: %s/%s; Swap: %s/%s%n", Bytes.format(r.memUsed()), Bytes.format(r.memPhysical()),
                Bytes.format(r.swapUsed()), Bytes.format(r.swap()));
        out.println("Task types: " + String.join(" ", r.taskTypes()));
        out.println("Resource overrides: " + (r.overrides().isEmpty() ? "none" : new TreeMap<>(r.overrides()).entrySet()
                .stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))));
        out.println();
        for (WorkerReport.StoragePath p : r.paths()) {
            out.println(p.id() + ":");
            out.println("\tWeight: " + p.weight() + "; Use: " + (p.seal() ? "Seal " : "") + (p.store() ? "Store" : ""));
            out.println("\tLocal: " + p.local());
        }
        out.flush();
    }
}
