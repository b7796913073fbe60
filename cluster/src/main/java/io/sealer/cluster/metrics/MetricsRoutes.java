package io.sealer.cluster.metrics;

import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.Permission;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /metrics} in Prometheus's text format: behind the API's token (any level, it is
 * read-only), or, when {@link MetricsSettings#openWithoutToken()} is on, also without one
 * through {@link #open}, which the node mounts ahead of its token check.
 */
public final class MetricsRoutes {
    private static final AllDirectives D = new AllDirectives() {};

    private MetricsRoutes() {}

    /** For {@link NodeHttp#start}'s API function: the caller needs read permission. */
    public static Function<NodeHttp.Caller, Route> authenticated(SealerMetrics metrics) {
        return caller -> D.path("metrics", () -> D.get(() -> caller.requires(Permission.READ, () -> scrape(metrics))));
    }

    /** {@code /metrics} with no token: only for a node whose settings ask for it. */
    public static Route open(SealerMetrics metrics, MetricsSettings settings) {
        if (!settings.openWithoutToken()) {
            throw new IllegalStateException(MetricsSettings.OPEN_WITHOUT_TOKEN + " is off; serve /metrics behind the token");
        }
        return D.path("metrics", () -> D.get(() -> scrape(metrics)));
    }

    /** {@link #open} when the settings ask for it, else a route that serves nothing (the token guards /metrics). */
    public static Route openIfAsked(SealerMetrics metrics, MetricsSettings settings) {
        return settings.openWithoutToken() ? open(metrics, settings) : D.reject();
    }

    private static Route scrape(SealerMetrics metrics) {
        ContentType type = ContentTypes.parse(metrics.contentType());
        return D.complete(HttpResponse.create().withEntity(HttpEntities.create(type, metrics.scrape())));
    }
}
