package io.sealer.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NodeHttpTest {
    record Pledge(int count) {}

    private static final AllDirectives D = new AllDirectives() {};
    private static ActorSystem<Void> system;
    private static NodeHttp http;
    private static final ApiTokens TOKENS = new ApiTokens(ApiSecret.random());
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "http-test", ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.loglevel = WARNING
                """).withFallback(ConfigFactory.load()));
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        http = NodeHttp.start(system, "127.0.0.1", 0, TOKENS, caller -> D.concat(
                D.path(PathMatchers.segment("api").slash("v0").slash("version"), () -> D.get(() -> D.complete(
                        NodeHttp.jsonResponse(StatusCodes.OK, Map.of("version", "test", "caller", caller.grant().name()))))),
                D.path(PathMatchers.segment("api").slash("v0").slash("pledge"), () -> D.post(() -> caller.requires(Permission.WRITE,
                        () -> NodeHttp.jsonBody(Pledge.class, p -> D.complete(NodeHttp.jsonResponse(StatusCodes.OK, p))))))))
                .toCompletableFuture().get();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (cluster.selfMember().status() != MemberStatus.up() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        http.close();
        system.terminate();
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.address().getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> r, int status, String detail) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        ApiError e = ApiJson.MAPPER.readValue(r.body(), ApiError.class);
        assertTrue(e.detail().contains(detail), r.body());
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        assertEquals(200, call("GET", "/alive", null, null).statusCode());
        assertEquals(200, call("GET", "/ready", null, null).statusCode());
    }

    @Test
    void everythingElseNeedsAValidToken() throws Exception {
        assertError(call("GET", "/api/v0/version", null, null), 401, "no token: send Authorization: Bearer <token>");
        assertError(call("GET", "/cluster/members", null, null), 401, "no token");
        String foreign = new ApiTokens(ApiSecret.random()).create(Permission.ADMIN, "");
        assertError(call("GET", "/api/v0/version", foreign, null), 401, "does not match this node's secret");
        assertError(call("GET", "/api/v0/version", "garbage", null), 401, "malformed token");
    }

    @Test
    void aReadTokenReadsButCannotWrite() throws Exception {
        String read = TOKENS.create(Permission.READ, "grafana");
        HttpResponse<String> v = call("GET", "/api/v0/version", read, null);
        assertEquals(200, v.statusCode());
        assertTrue(v.body().contains("\"caller\":\"grafana\""), v.body());
        assertError(call("POST", "/api/v0/pledge", read, "{\"count\":1}"), 403,
                "this call needs write permission; the token has read");
        HttpResponse<String> members = call("GET", "/cluster/members", read, null);
        assertEquals(200, members.statusCode());
        assertTrue(members.body().contains("\"status\":\"Up\""), members.body());
    }

    @Test
    void badBodiesAreA400NamingTheField() throws Exception {
        String write = TOKENS.create(Permission.WRITE, "");
        assertEquals("{\"count\":3}", call("POST", "/api/v0/pledge", write, "{\"count\":3}").body());
        assertError(call("POST", "/api/v0/pledge", write, "{\"count\":\"three\"}"), 400, "field 'count': expected an integer");
        assertError(call("POST", "/api/v0/pledge", write, "{\"count\":1,\"size\":2}"), 400, "unknown field 'size' (expected [count])");
        assertError(call("POST", "/api/v0/pledge", write, "{count"), 400, "malformed JSON at line 1");
        assertError(call("POST", "/api/v0/pledge", write, ""), 400, "the request has no JSON body");
        assertError(call("POST", "/api/v0/pledge", write, "{\"count\":1} x"), 400, "");
    }

    @Test
    void unknownPathsAndMethodsAreJson() throws Exception {
        String admin = TOKENS.create(Permission.ADMIN, "");
        assertError(call("GET", "/api/v0/nothing-here", admin, null), 404, "");
        assertError(call("DELETE", "/api/v0/version", admin, null), 405, "");
    }

    @Test
    void theClientTurnsEveryFailureIntoOneSentence() throws Exception {
        io.sealer.cluster.api.auth.ApiAddress here = new io.sealer.cluster.api.auth.ApiAddress("127.0.0.1",
                http.address().getPort());
        ApiClient reader = new ApiClient(new io.sealer.cluster.api.auth.ApiInfo(TOKENS.create(Permission.READ, ""), here),
                "the miner", Duration.ofSeconds(5));
        assertEquals("test", reader.get("/api/v0/version", Map.class).get("version"));
        ApiClient.ApiCallException forbidden = org.junit.jupiter.api.Assertions.assertThrows(ApiClient.ApiCallException.class,
                () -> reader.post("/api/v0/pledge", new Pledge(1), Pledge.class));
        assertEquals("the miner refused: this call needs write permission; the token has read", forbidden.getMessage());
        assertEquals(403, forbidden.status());

        ApiClient anonymous = new ApiClient(new io.sealer.cluster.api.auth.ApiInfo("", here), "the miner", Duration.ofSeconds(5));
        assertEquals("the miner refused the token: no token: send Authorization: Bearer <token>",
                org.junit.jupiter.api.Assertions.assertThrows(ApiClient.ApiCallException.class,
                        () -> anonymous.get("/api/v0/version", Map.class)).getMessage());

        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ApiClient nowhere = new ApiClient(new io.sealer.cluster.api.auth.ApiInfo("t",
                new io.sealer.cluster.api.auth.ApiAddress("127.0.0.1", closed)), "the miner", Duration.ofSeconds(5));
        assertEquals("cannot reach the miner at http://127.0.0.1:" + closed + " (connection refused); is it running?",
                org.junit.jupiter.api.Assertions.assertThrows(ApiClient.ApiCallException.class,
                        () -> nowhere.get("/api/v0/version", Map.class)).getMessage());
    }
}
