package io.sealer.cli.worker;

import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.node.WorkerEnv;
import io.sealer.cluster.node.WorkerRoutes;
import io.sealer.cluster.repo.RepoException;
import io.sealer.core.resources.NodeProbe;
import io.sealer.core.resources.ResourceKeys;
import io.sealer.core.resources.ResourceTable;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `sealer worker resources [--all|--default]` (docs/scheduling.md, "Overriding resources per worker"): the resource override
 * variables as sorted KEY=VALUE lines, memory in bytes, of the worker running in the
 * repository (or at WORKER_API_INFO), else of this machine's environment. No flag: only those set in the
 * environment (or one line on stderr saying there are none); --default: the defaults, ignoring
 * the environment; --all: the effective values with the environment applied. Any value a
 * worker would refuse is an error naming the variable.
 */
@Command(
        name = "resources",
        mixinStandardHelpOptions = true,
        description = "Print the task resource table as KEY=VALUE environment variables.")
public final class WorkerResourcesCommand implements Callable<Integer> {

    static final class Mode {
        @Option(names = "--all", description = "Every variable with its effective value (defaults overlaid with the environment).")
        boolean all;

        @Option(names = "--default", description = "Every variable with its default value, ignoring the environment.")
        boolean defaults;
    }

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    @CommandLine.Mixin
    WorkerApiOptions worker;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;
    private final IntSupplier gpus;

    public WorkerResourcesCommand() {
        this(System.getenv(), () -> NodeProbe.system().gpus().size());
    }

    /** @param gpus how many GPUs this worker has (GPU_UTILIZATION overrides may not exceed it) */
    WorkerResourcesCommand(Map<String, String> env, IntSupplier gpus) {
        this.env = env;
        this.gpus = gpus;
    }

    @Override
    public Integer call() throws RepoException, ApiClient.ApiCallException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> lines;
        Optional<ApiClient> running = mode.defaults ? Optional.empty() : worker.running(env);
        if (mode.defaults) {
            lines = ResourceKeys.all(ResourceTable.defaults());
        } else if (running.isPresent()) {
            WorkerRoutes.Resources r = running.get().get("/api/v0/worker/resources", WorkerRoutes.Resources.class);
            lines = new TreeMap<>(mode.all ? r.effective() : r.set());
        } else {
            ResourceTable effective = WorkerEnv.resourceTable(env, gpus.getAsInt(), w -> err.println("warning: " + w));
            if (mode.all) {
                lines = ResourceKeys.all(effective);
                lines.putAll(ResourceKeys.set(env));
            } else {
                lines = ResourceKeys.set(env);
            }
        }
        lines.forEach((k, v) -> out.println(k + "=" + v));
        out.flush();
        if (lines.isEmpty()) {
            // On stderr: stdout stays KEY=VALUE lines only, for scripts that source it.
            err.println("no resource overrides in effect; --all shows the whole table");
        }
        err.flush();
        return 0;
    }
}
