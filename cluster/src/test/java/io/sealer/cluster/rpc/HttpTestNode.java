package io.sealer.cluster.rpc;

import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.server.Route;

/** A node's HTTP port for route tests: an ActorSystem, NodeHttp on port 0 with fresh tokens, and a client. */
public final class HttpTestNode implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    public final ApiTokens tokens = new ApiTokens(ApiSecret.random());
    public final ActorSystem<Void> system;
    public final NodeHttp http;

    public HttpTestNode(String name, Function<NodeHttp.Caller, Route> api) throws Exception {
        system = ActorSystem.create(Behaviors.empty(), name, ConfigFactory.parseMap(Map.of(
                "pekko.actor.provider", "cluster",
                "pekko.remote.artery.canonical.hostname", "127.0.0.1",
                "pekko.remote.artery.canonical.port", 0,
                "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on",
                "pekko.loglevel", "WARNING")).withFallback(ConfigFactory.load()));
        http = NodeHttp.start(system, "127.0.0.1", 0, tokens, api).toCompletableFuture().get();
    }

    /** {@code method path} on {@code port} with a token of {@code permission} (none when null). */
    public static HttpResponse<String> send(int port, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code method path} on this node with a fresh token of {@code permission} (none when null). */
    public HttpResponse<String> send(String method, String path, Permission permission, String body) throws Exception {
        return send(http.address().getPort(), method, path, permission == null ? null : tokens.create(permission, "test"),
                body);
    }

    @Override
    public void close() {
        http.close();
        system.terminate();
    }
}
