package io.sealer.cluster.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.api.ApiJson;
import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /rpc/v0 end to end: a real NodeHttp on port 0, tokens, and java.net.http as the client. */
class RpcRouteTest {
    private static final ApiTokens TOKENS = new ApiTokens(ApiSecret.random());
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static ActorSystem<Void> system;
    private static NodeHttp http;

    @BeforeAll
    static void start() throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "rpc-test", ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.loglevel = WARNING
                """).withFallback(ConfigFactory.load()));
        http = NodeHttp.start(system, "127.0.0.1", 0, TOKENS,
                RpcRoute.create(new JsonRpcDispatcher(LotusMethods.all(new FakeBackend())))).toCompletableFuture().get();
    }

    @AfterAll
    static void stop() {
        http.close();
        system.terminate();
    }

    private static HttpResponse<String> post(Permission permission, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.address().getPort() + "/rpc/v0"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKENS.create(permission, "rpc-test")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aReadTokenGetsTheVersion() throws Exception {
        HttpResponse<String> r = post(Permission.READ, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Filecoin.Version\",\"params\":[]}");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("1.0.0+sealer", ApiJson.MAPPER.readTree(r.body()).get("result").get("Version").asText());
    }

    @Test
    void anAdminMethodWithAReadTokenIsAJsonRpcErrorNamingThePermission() throws Exception {
        HttpResponse<String> r = post(Permission.READ, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"Filecoin.WorkerStats\"}");
        assertEquals(200, r.statusCode());
        JsonNode error = ApiJson.MAPPER.readTree(r.body()).get("error");
        assertEquals(-32001, error.get("code").asInt());
        assertTrue(error.get("message").asText().contains("(need 'admin', the token has 'read')"), r.body());
        HttpResponse<String> admin = post(Permission.ADMIN, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"Filecoin.WorkerStats\"}");
        assertEquals(FakeBackend.WORKER.toString(), ApiJson.MAPPER.readTree(admin.body()).get("result").fieldNames().next());
    }

    @Test
    void malformedBodiesAndNotificationsNeverGetA500() throws Exception {
        HttpResponse<String> garbage = post(Permission.READ, "{{{");
        assertEquals(200, garbage.statusCode());
        assertEquals(-32700, ApiJson.MAPPER.readTree(garbage.body()).get("error").get("code").asInt());
        HttpResponse<String> broken = post(Permission.READ,
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"Filecoin.SectorsStatus\",\"params\":[500,false]}");
        assertEquals(200, broken.statusCode());
        assertEquals(-32603, ApiJson.MAPPER.readTree(broken.body()).get("error").get("code").asInt());
        HttpResponse<String> notification = post(Permission.WRITE, "{\"jsonrpc\":\"2.0\",\"method\":\"Filecoin.PledgeSector\"}");
        assertEquals(204, notification.statusCode());
        assertEquals("", notification.body());
    }
}
