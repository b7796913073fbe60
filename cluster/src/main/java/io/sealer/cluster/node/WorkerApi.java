package io.sealer.cluster.node;

import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.ApiAddress;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.metrics.MetricsFeed;
import io.sealer.cluster.metrics.MetricsRoutes;
import io.sealer.cluster.metrics.MetricsSettings;
import io.sealer.cluster.metrics.SealerMetrics;
import io.sealer.cluster.repo.NodeRepo;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A worker node's HTTP port: health checks, the worker's own API ({@link WorkerRoutes}) and
 * {@code /metrics}, behind tokens of the worker repository's own secret. Once it listens, the
 * repository's {@code api} and {@code token} files (as a miner's) tell the CLI where it is; the
 * worker removes them when it stops. The metrics registry outlives the members, so counters
 * keep counting across a rejoin.
 */
final class WorkerApi {
    private final NodeRepo repo;
    private final ApiTokens tokens;
    private final RunningWorker worker;
    private final SealerMetrics metrics;

    WorkerApi(NodeRepo repo, ApiTokens tokens, RunningWorker worker, SealerMetrics metrics) {
        this.repo = repo;
        this.tokens = tokens;
        this.worker = worker;
        this.metrics = metrics;
    }

    RunningWorker worker() {
        return worker;
    }

    /**
     * Serves the API on {@code system} (the member running now) and publishes its address.
     *
     * @param drain what `worker stop` runs
     */
    void serve(ActorSystem<?> system, ListenAddress listen, Runnable drain, Duration bindLimit)
            throws InterruptedException, ExecutionException, TimeoutException, IOException {
        MetricsFeed.feed(system, metrics);
        WorkerRoutes routes = new WorkerRoutes(worker, drain);
        Function<NodeHttp.Caller, Route> metricsRoute = MetricsRoutes.authenticated(metrics);
        AllDirectives d = new AllDirectives() {};
        Route open = MetricsRoutes.openIfAsked(metrics, NodeConfig.settings(system.settings().config(),
                MetricsSettings::fromConfig));
        NodeHttp http = NodeHttp.start(system, listen.host(), listen.port(), tokens, open,
                caller -> d.concat(routes.routes(caller), metricsRoute.apply(caller)))
                .toCompletableFuture().get(bindLimit.toMillis(), TimeUnit.MILLISECONDS);
        ApiFiles.publish(repo, new ApiAddress(listen.advertisedHost(), http.address().getPort()),
                tokens.create(Permission.ADMIN, "worker"));
    }
}
