package io.sealer.cli.worker;

import io.sealer.cli.SealerCli;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.task.TaskType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What `sealer worker info` shows of a running worker (docs/operator-surface.md), as its API
 * answers it: the worker's version and session, whether the scheduler may give it work, its
 * machine, the task types it takes now (sorted by order weight, as Lotus prints them), the
 * resource overrides of its environment and its storage paths.
 *
 * @param session a fresh id per worker process
 * @param gpus "NVIDIA H200 (140.4 GiB)" per GPU it may use
 * @param paths the worker's storage paths
 */
public record WorkerReport(String version, String session, boolean enabled, String hostname, int cpus, String cpuModel,
        List<String> gpus, long memUsed, long memPhysical, long swapUsed, long swap, List<String> taskTypes,
        Map<String, String> overrides, List<StoragePath> paths) {

    public WorkerReport {
        gpus = List.copyOf(gpus);
        taskTypes = List.copyOf(taskTypes);
        overrides = Map.copyOf(overrides);
        paths = List.copyOf(paths);
    }

    /** One storage path of the worker: its id, weight, what it is used for and its directory. */
    public record StoragePath(String id, long weight, boolean seal, boolean store, String local) {}

    /** The report of this process's worker from what it knows. */
    public static WorkerReport of(String session, boolean enabled, WorkerResources r, Host host, Set<TaskType> types,
            Map<String, String> overrides, List<StoragePath> paths) {
        return new WorkerReport(SealerCli.VERSION, session, enabled, host.details().hostname(), r.cpus(),
                host.details().cpuModel(), host.details().gpus(), r.memUsed(), r.memPhysical(), r.memSwapUsed(),
                r.memSwap(), shortNames(types), overrides, paths);
    }

    /** Short names sorted by order weight: "FIN GET C1 PC2 PC1 AP". */
    public static List<String> shortNames(Set<TaskType> types) {
        return types.stream().sorted(Comparator.comparingInt(TaskType::orderWeight)).map(TaskType::shortName).toList();
    }

    /** This machine's host name, CPU model and GPUs, probed once when the worker starts (it runs nvidia-smi). */
    public static final class Host {
        private final HostDetails details;

        private Host(HostDetails details) {
            this.details = details;
        }

        public static Host probe(Map<String, String> env) {
            return new Host(HostDetails.probe(env));
        }

        HostDetails details() {
            return details;
        }
    }
}
