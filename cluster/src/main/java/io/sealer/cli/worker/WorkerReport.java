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
 * machine, the task types it takes now (sorted by order weight, as Lotus prints them) and the
 * resource overrides of its environment.
 *
 * @param session a fresh id per worker process
 * @param gpus "NVIDIA H200 (140.4 GiB)" per GPU it may use
 */
public record WorkerReport(String version, String session, boolean enabled, String hostname, int cpus, String cpuModel,
        List<String> gpus, long memUsed, long memPhysical, long swapUsed, long swap, List<String> taskTypes,
        Map<String, String> overrides) {

    public WorkerReport {
        gpus = List.copyOf(gpus);
        taskTypes = List.copyOf(taskTypes);
        overrides = Map.copyOf(overrides);
    }

    /** The report of this process's worker from what it knows. */
    public static WorkerReport of(String session, boolean enabled, WorkerResources r, Host host, Set<TaskType> types,
            Map<String, String> overrides) {
        return new WorkerReport(SealerCli.VERSION, session, enabled, host.details().hostname(), r.cpus(),
                host.details().cpuModel(), host.details().gpus(), r.memUsed(), r.memPhysical(), r.memSwapUsed(),
                r.memSwap(), shortNames(types), overrides);
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
