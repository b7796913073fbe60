package io.sealer.cli.worker;

import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.node.WorkerRoutes;
import io.sealer.cluster.repo.RepoException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * `sealer worker stop`: the running worker takes no new task, lets its running ones finish,
 * leaves the cluster and exits 0. Returns once the worker has accepted the stop.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop the running worker once its running tasks have finished.")
public final class WorkerStopCommand implements Callable<Integer> {
    @CommandLine.Mixin
    WorkerApiOptions worker;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    public WorkerStopCommand() {
        this(System.getenv());
    }

    WorkerStopCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws RepoException, ApiClient.ApiCallException {
        WorkerRoutes.StopAnswer a = worker.client(env).post("/api/v0/worker/stop", Map.of(), WorkerRoutes.StopAnswer.class);
        PrintWriter out = spec.commandLine().getOut();
        out.println("already-stopping".equals(a.state()) ? "the worker is already stopping"
                : "the worker is stopping: it takes no new task and exits once its running tasks have finished");
        out.flush();
        return 0;
    }
}
