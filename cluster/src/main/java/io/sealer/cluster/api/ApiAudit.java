package io.sealer.cluster.api;

import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log of the HTTP API: one INFO line per request that may change something (every
 * method but GET, HEAD and OPTIONS) with the name of the token that sent it and the status it
 * got, for example {@code POST /api/v0/sectors/pledge by token 'ops' (write): 200 OK}. A
 * request refused at the token check is logged too, as by no valid token. JSON-RPC calls
 * ({@code /rpc/v0}) are left to the dispatcher, which logs the methods that change state by
 * name: a monitoring tool polls read-only methods over POST all day. Sector file traffic
 * between nodes ({@code /remote}) is not an operator's command: the storage code logs what it
 * removes.
 */
final class ApiAudit {
    static final String LOGGER = "io.sealer.cluster.api.ApiAudit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final AllDirectives D = new AllDirectives() {};
    private static final String RPC_PATH = "/rpc/v0";
    private static final String REMOTE_PREFIX = "/remote/";

    private ApiAudit() {}

    /**
     * {@code inner}, with its response logged when the request may change something.
     *
     * @param who how the line names the caller: "token 'ops' (write)"
     */
    static Route audited(String who, Supplier<Route> inner) {
        return D.extractRequest(request -> changes(request)
                ? D.mapResponse(response -> log(request, who, response), inner)
                : inner.get());
    }

    /** How {@link #audited} names the holder of a verified token. */
    static String token(String name, String permission) {
        return "token '" + (name.isEmpty() ? "(unnamed)" : name) + "' (" + permission + ")";
    }

    private static boolean changes(HttpRequest request) {
        var m = request.method();
        return !(m.equals(HttpMethods.GET) || m.equals(HttpMethods.HEAD) || m.equals(HttpMethods.OPTIONS))
                && !request.getUri().path().equals(RPC_PATH) && !request.getUri().path().startsWith(REMOTE_PREFIX);
    }

    private static HttpResponse log(HttpRequest request, String who, HttpResponse response) {
        LOG.info("{} {} by {}: {} {}", request.method().value(), request.getUri().path(), who,
                response.status().intValue(), response.status().reason());
        return response;
    }
}
