package io.sealer.cluster.node;

import io.sealer.cli.worker.WorkerReport;
import io.sealer.cluster.api.ApiError;
import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A running worker's own API under {@code /api/v0/worker} (docs/api.md), as `lotus-worker`
 * serves its CLI: {@code info}, {@code resources} and {@code tasks} to read (read permission),
 * task types switched ({@code POST tasks}) and the worker stopped ({@code POST stop}) with
 * admin permission. A change takes effect at the Scheduler's next pass.
 */
public final class WorkerRoutes {
    private static final AllDirectives D = new AllDirectives() {};

    private final RunningWorker worker;
    private final Runnable drain;

    /** The task types this worker takes. */
    public record TaskTypes(List<String> taskTypes) {}

    /** Task types to switch on and off, by short name ("PC1"). */
    public record TaskTypesChange(List<String> enable, List<String> disable) {
        public TaskTypesChange {
            enable = enable == null ? List.of() : List.copyOf(enable);
            disable = disable == null ? List.of() : List.copyOf(disable);
        }
    }

    /** The resource variables the worker uses ({@code effective}) and those its environment sets. */
    public record Resources(Map<String, String> effective, Map<String, String> set) {}

    /** The answer to a stop: "stopping", or "already-stopping". */
    public record StopAnswer(String state) {}

    /** @param drain takes the worker out of scheduling, waits for its tasks, and ends the process */
    WorkerRoutes(RunningWorker worker, Runnable drain) {
        this.worker = worker;
        this.drain = drain;
    }

    /** The routes for a caller whose token has been checked. */
    public Route routes(NodeHttp.Caller caller) {
        return D.pathPrefix(PathMatchers.segment("api").slash("v0").slash("worker"), () -> D.concat(
                D.path("info", () -> D.get(() -> caller.requires(Permission.READ,
                        () -> answer(worker.report().thenApply(WorkerRoutes::ok))))),
                D.path("resources", () -> D.get(() -> caller.requires(Permission.READ,
                        () -> D.complete(ok(new Resources(worker.effectiveResources(), worker.resourceOverrides())))))),
                D.path("tasks", () -> D.concat(
                        D.get(() -> caller.requires(Permission.READ, () -> answer(worker.status()
                                .thenApply(s -> ok(new TaskTypes(WorkerReport.shortNames(s.info().taskTypes()))))))),
                        D.post(() -> caller.requires(Permission.ADMIN,
                                () -> NodeHttp.jsonBody(TaskTypesChange.class, this::change))))),
                D.path("stop", () -> D.post(() -> caller.requires(Permission.ADMIN, () -> {
                    boolean first = worker.stop(drain);
                    return D.complete(NodeHttp.jsonResponse(StatusCodes.ACCEPTED,
                            new StopAnswer(first ? "stopping" : "already-stopping")));
                })))));
    }

    private Route change(TaskTypesChange c) {
        Set<TaskType> enable;
        Set<TaskType> disable;
        try {
            enable = switchable(c.enable());
            disable = switchable(c.disable());
        } catch (IllegalArgumentException e) {
            return NodeHttp.error(StatusCodes.BAD_REQUEST, "bad-request", e.getMessage());
        }
        if (enable.isEmpty() && disable.isEmpty()) {
            return NodeHttp.error(StatusCodes.BAD_REQUEST, "bad-request", "name at least one task type to enable or disable");
        }
        return answer(worker.setTaskTypes(enable, disable).thenApply(t -> ok(new TaskTypes(WorkerReport.shortNames(t)))));
    }

    /** The types an operator may switch at run time, as Lotus allows them. */
    public static List<TaskType> switchableTypes() {
        return Arrays.stream(TaskType.values()).filter(TaskType::toggleable).toList();
    }

    /**
     * Parses short names of switchable task types; anything else is an IllegalArgumentException
     * whose message names the valid choices.
     */
    public static Set<TaskType> switchable(List<String> names) {
        Set<TaskType> out = EnumSet.noneOf(TaskType.class);
        List<String> bad = new ArrayList<>();
        for (String n : names) {
            TaskType t;
            try {
                t = TaskType.parse(n);
            } catch (IllegalArgumentException e) {
                t = null;
            }
            if (t == null || !t.toggleable()) {
                bad.add(n);
            } else {
                out.add(t);
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException((bad.size() == 1 ? "'" + bad.get(0) + "' is not a task type"
                    : bad.stream().map(b -> "'" + b + "'").collect(Collectors.joining(", ")) + " are not task types")
                    + " that can be switched; choose from " + switchableTypes().stream().map(TaskType::shortName)
                    .collect(Collectors.joining(" ")));
        }
        return out;
    }

    private static HttpResponse ok(Object value) {
        return NodeHttp.jsonResponse(StatusCodes.OK, value);
    }

    /** The worker's answer; one that failed is a 503 with its message. */
    private static Route answer(CompletionStage<HttpResponse> response) {
        return D.completeWithFuture(response.exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            String detail = cause instanceof java.util.concurrent.TimeoutException
                    ? "the worker did not answer in time; try again" : cause.getMessage();
            return NodeHttp.jsonResponse(StatusCodes.SERVICE_UNAVAILABLE, new ApiError("unavailable", detail));
        }));
    }
}
