package io.sealer.cluster.rpc;

import io.sealer.cluster.api.NodeHttp;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * {@code POST /rpc/v0}: JSON-RPC 2.0 for the caller's token. Always 200 with the JSON-RPC answer
 * (errors included), or 204 when the body held only notifications; never a 500.
 */
public final class RpcRoute {
    private static final AllDirectives D = new AllDirectives() {};

    private RpcRoute() {}

    /** The route for {@link NodeHttp#start}'s API function. */
    public static Function<NodeHttp.Caller, Route> create(JsonRpcDispatcher dispatcher) {
        return caller -> D.path(PathMatchers.segment("rpc").slash("v0"), () -> D.post(() ->
                D.entity(Unmarshaller.entityToString(), body ->
                        D.onSuccess(dispatcher.handle(body, caller.grant()), answer -> D.complete(answer
                                .map(json -> HttpResponse.create().withStatus(StatusCodes.OK)
                                        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json)))
                                .orElseGet(() -> HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)))))));
    }
}
