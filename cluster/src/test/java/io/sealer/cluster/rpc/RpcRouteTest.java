package io.sealer.cluster.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sealer.cluster.api.ApiJson;
import io.sealer.cluster.api.auth.Permission;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /rpc/v0 end to end: a real NodeHttp on port 0, tokens, and java.net.http as the client. */
class RpcRouteTest {
    private static HttpTestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = new HttpTestNode("rpc-test", RpcRoute.create(new JsonRpcDispatcher(LotusMethods.all(new FakeBackend()))));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static HttpResponse<String> post(Permission permission, String body) throws Exception {
        return node.send("POST", "/rpc/v0", permission, body);
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

    @Test
    void aWebSocketAnswersEachMessageInOrderAndSkipsNotifications() throws Exception {
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + node.tokens.create(Permission.READ, "lotus-cli"))
                .buildAsync(URI.create("ws://127.0.0.1:" + node.http.address().getPort() + "/rpc/v0"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            answers.add(text.toString());
                            text.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Filecoin.SectorsList\",\"params\":[]}", true).join();
        ws.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"xrpc.cancel\",\"params\":[1]}", true).join();
        ws.sendText("not json", true).join();
        ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"Filecoin.WorkerJobs\"}", true).join();
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[1,2,5]}", answers.poll(10, TimeUnit.SECONDS));
        assertEquals(-32700, ApiJson.MAPPER.readTree(answers.poll(10, TimeUnit.SECONDS)).get("error").get("code").asInt());
        assertEquals(-32001, ApiJson.MAPPER.readTree(answers.poll(10, TimeUnit.SECONDS)).get("error").get("code").asInt());
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        assertEquals(null, answers.poll(200, TimeUnit.MILLISECONDS), "the notification got no answer");
    }
}
