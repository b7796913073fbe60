package io.sealer.cluster.rpc;

import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.ApiTokens;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * JSON-RPC 2.0 at {@code /rpc/v0} for the caller's token, in the two ways Lotus clients speak
 * it: {@code POST} (200 with the answer, errors included, or 204 when the body held only
 * notifications; never a 500) and a WebSocket (one text message per request or batch, one per
 * answer, in order), which is what a {@code /ip4/.../http} API address dials.
 */
public final class RpcRoute {
    private static final AllDirectives D = new AllDirectives() {};
    /** How long a text message split into frames may take to arrive whole. */
    private static final Duration MESSAGE_ARRIVAL = Duration.ofSeconds(10);
    /** Calls of one connection answered at the same time (answers still go out in order). */
    private static final int IN_FLIGHT = 8;

    private RpcRoute() {}

    /** The route for {@link NodeHttp#start}'s API function. */
    public static Function<NodeHttp.Caller, Route> create(JsonRpcDispatcher dispatcher) {
        return caller -> D.path(PathMatchers.segment("rpc").slash("v0"), () -> D.concat(
                D.post(() -> D.entity(Unmarshaller.entityToString(), body ->
                        D.onSuccess(dispatcher.handle(body, caller.grant()), answer -> D.complete(answer
                                .map(json -> HttpResponse.create().withStatus(StatusCodes.OK)
                                        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json)))
                                .orElseGet(() -> HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)))))),
                D.extractMaterializer(mat -> D.handleWebSocketMessages(socket(dispatcher, caller.grant(), mat)))));
    }

    private static Flow<Message, Message, NotUsed> socket(JsonRpcDispatcher dispatcher, ApiTokens.Grant grant,
            Materializer mat) {
        return Flow.<Message>create()
                .mapAsync(IN_FLIGHT, m -> text(m, mat).thenCompose(body -> dispatcher.handle(body, grant)))
                .mapConcat(answer -> answer.map(json -> List.<Message>of(TextMessage.create(json)))
                        .orElse(List.of()));
    }

    /** The message's text, whole; a binary message is drained and read as not JSON. */
    private static CompletionStage<String> text(Message m, Materializer mat) {
        if (m.isText()) {
            return m.asTextMessage().toStrict(MESSAGE_ARRIVAL.toMillis(), mat).thenApply(t -> t.getStrictText());
        }
        m.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), mat);
        return CompletableFuture.completedFuture("");
    }
}
