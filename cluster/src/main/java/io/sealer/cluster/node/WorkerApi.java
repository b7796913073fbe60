package io.sealer.cluster.node;

import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.metrics.MetricsFeed;
import io.sealer.cluster.metrics.MetricsRoutes;
import io.sealer.cluster.metrics.MetricsSettings;
import io.sealer.cluster.metrics.SealerMetrics;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What a worker node adds to its HTTP port for the operator: the worker's own API
 * ({@link WorkerRoutes}) and {@code /metrics}, fed from each member's events into one registry
 * that outlives the members, so counters keep counting across a rejoin.
 */
final class WorkerApi {
    private static final AllDirectives D = new AllDirectives() {};

    private final RunningWorker worker;
    private final SealerMetrics metrics;

    WorkerApi(RunningWorker worker, SealerMetrics metrics) {
        this.worker = worker;
        this.metrics = metrics;
    }

    RunningWorker worker() {
        return worker;
    }

    /**
     * The routes behind the token for the member {@code system}, whose events now feed the metrics.
     *
     * @param drain what `worker stop` runs
     */
    Function<NodeHttp.Caller, Route> routes(ActorSystem<?> system, Runnable drain) {
        MetricsFeed.feed(system, metrics);
        WorkerRoutes routes = new WorkerRoutes(worker, drain);
        Function<NodeHttp.Caller, Route> metricsRoute = MetricsRoutes.authenticated(metrics);
        return caller -> D.concat(routes.routes(caller), metricsRoute.apply(caller));
    }

    /** {@code /metrics} without a token when the node's configuration asks for it. */
    Route open(ActorSystem<?> system) {
        return MetricsRoutes.openIfAsked(metrics, NodeConfig.settings(system.settings().config(), MetricsSettings::fromConfig));
    }
}
