package io.sealer.cluster.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sealer.cluster.api.ApiJson;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class JsonRpcDispatcherTest {
    private final FakeBackend backend = new FakeBackend();
    private final JsonRpcDispatcher rpc = new JsonRpcDispatcher(LotusMethods.all(backend));
    private static final ApiTokens.Grant ADMIN = new ApiTokens.Grant(Permission.ADMIN, "ops");

    private Optional<String> send(String body, ApiTokens.Grant grant) {
        return rpc.handle(body, grant).toCompletableFuture().join();
    }

    private JsonNode answer(String body) throws Exception {
        return ApiJson.MAPPER.readTree(send(body, ADMIN).orElseThrow());
    }

    private static String call(Object id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":"
                + params) + "}";
    }

    private static void assertError(JsonNode answer, String id, int code, String message) {
        assertEquals("2.0", answer.get("jsonrpc").asText());
        assertEquals(id, answer.get("id").toString(), answer.toString());
        assertEquals(code, answer.get("error").get("code").asInt(), answer.toString());
        assertEquals(message, answer.get("error").get("message").asText());
        assertTrue(answer.get("result") == null, "an error has no result");
    }

    @Test
    void versionAnswersInLotusShape() throws Exception {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"Version\":\"1.0.0+sealer\",\"APIVersion\":66816,"
                + "\"BlockDelay\":30}}", send(call(1, "Filecoin.Version", "[]"), ADMIN).orElseThrow());
        assertEquals("\"a\"", answer(call("\"a\"", "Filecoin.Version", null)).get("id").toString(), "string id echoed");
        assertEquals("null", answer(call("null", "Filecoin.Version", null)).get("id").toString(), "null id is a call");
    }

    @Test
    void parametersReachTheBackendTyped() throws Exception {
        JsonNode status = answer(call(2, "Filecoin.SectorsStatus", "[5, false]"));
        assertEquals(5, status.get("result").get("SectorID").asLong());
        assertEquals("PreCommit1", status.get("result").get("State").asText());
        JsonNode abort = answer(call(3, "Filecoin.SealingAbort",
                "[{\"Sector\":{\"Miner\":1000,\"Number\":5},\"ID\":\"" + FakeBackend.CALL + "\"}]"));
        assertTrue(abort.get("result").isNull(), abort.toString());
        answer(call(4, "Filecoin.SealingSchedDiag", "[true]"));
        assertEquals(List.of("sectorsStatus 5 false", "sealingAbort 5 " + FakeBackend.CALL, "schedDiag true"), backend.calls);
    }

    @ParameterizedTest(name = "[{0}] -> {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":|null|-32700|parse error: the body is not JSON",
            "''|null|-32700|parse error: the body is not JSON",
            "{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"Filecoin.Version\"}|7|-32600|invalid request: \"jsonrpc\" must be \"2.0\"",
            "{\"id\":7,\"method\":\"Filecoin.Version\"}|7|-32600|invalid request: \"jsonrpc\" must be \"2.0\"",
            "{\"jsonrpc\":\"2.0\",\"id\":8}|8|-32600|invalid request: \"method\" must be a method name",
            "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":5}|8|-32600|invalid request: \"method\" must be a method name",
            "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"Filecoin.Version\"}|null|-32600|invalid request: id must be a string, a number or null, got an object",
            "[]|null|-32600|invalid request: the batch is empty",
            "42|null|-32600|invalid request: expected an object, got a number",
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"Filecoin.SectorsStatus\",\"params\":[\"five\",false]}|9|-32602|invalid params: Filecoin.SectorsStatus parameter 1 (sector number): expected an integer, got a string",
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"Filecoin.SectorsStatus\",\"params\":[5.5,false]}|9|-32602|invalid params: Filecoin.SectorsStatus parameter 1 (sector number): expected an integer, got a number",
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"Filecoin.SectorsStatus\",\"params\":[5]}|9|-32602|invalid params: Filecoin.SectorsStatus takes 2 parameter(s) [sector number, show on-chain info], got 1",
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"Filecoin.SectorsStatus\",\"params\":{\"sector\":5}}|9|-32602|invalid params: Filecoin.SectorsStatus takes its parameters as a list, got an object",
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"Filecoin.SealingAbort\",\"params\":[{\"ID\":\"x\"}]}|9|-32602|invalid params: Filecoin.SealingAbort parameter 1 (call id): field 'ID': expected UUID, got x",
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"Filecoin.SealingAbort\",\"params\":[{\"Sector\":{\"Miner\":1,\"Number\":2},\"ID\":\"aaaa1111-0000-0000-0000-000000000000\",\"Extra\":1}]}|9|-32602|invalid params: Filecoin.SealingAbort parameter 1 (call id): unknown field 'Extra' (expected [ID, Sector])",
            "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"Filecoin.SectorsStatus\",\"params\":[404,false]}|10|1|no sector 404 on this miner",
            "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"Filecoin.SectorsStatus\",\"params\":[500,false]}|10|-32603|internal error: the node could not answer Filecoin.SectorsStatus; its log has the details",
            "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"Filecoin.SectorsStatus\",\"params\":[504,false]}|10|-32603|the node did not answer Filecoin.SectorsStatus in time; try again",
    })
    void malformedCallsAreAnsweredByTheSpec(String body, String id, int code, String message) throws Exception {
        assertError(answer(body), id, code, message);
    }

    @Test
    void anUnknownMethodNamesTheMethodsServed() throws Exception {
        JsonNode a = answer(call(3, "Filecoin.ChainHead", "[]"));
        assertEquals(-32601, a.get("error").get("code").asInt());
        String message = a.get("error").get("message").asText();
        assertTrue(message.startsWith("method not found: 'Filecoin.ChainHead' (this node serves Filecoin.AuthVerify, "),
                message);
        assertTrue(message.contains("Filecoin.WorkerStats, Sealer.SectorWhy)"), message);
    }

    @Test
    void notificationsGetNoAnswerEvenWhenTheyFail() {
        assertEquals(Optional.empty(), send("{\"jsonrpc\":\"2.0\",\"method\":\"Filecoin.Version\"}", ADMIN));
        assertEquals(Optional.empty(), send("{\"jsonrpc\":\"2.0\",\"method\":\"Filecoin.Nope\"}", ADMIN));
        assertEquals(Optional.empty(), send("[{\"jsonrpc\":\"2.0\",\"method\":\"Filecoin.PledgeSector\"}]", ADMIN));
        assertEquals(List.of("version", "pledgeSector"), backend.calls, "a notification still runs");
    }

    @Test
    void aBatchMixingGoodAndBadCallsAnswersEachInOrder() throws Exception {
        JsonNode answers = answer("[" + String.join(",",
                call(1, "Filecoin.SectorsList", null),
                "\"not a call\"",
                call(2, "Filecoin.Nope", "[]"),
                "{\"jsonrpc\":\"2.0\",\"method\":\"Filecoin.SectorsSummary\"}",
                call(3, "Filecoin.SectorsStatus", "[\"x\", true]"),
                "{\"jsonrpc\":\"2.0\",\"id\":4}",
                call(5, "Filecoin.SectorsSummary", "[]")) + "]");
        assertEquals(6, answers.size(), answers.toString());
        assertEquals("[1,2,5]", answers.get(0).get("result").toString());
        assertError(answers.get(1), "null", -32600, "invalid request: expected an object, got a string");
        assertEquals(-32601, answers.get(2).get("error").get("code").asInt());
        assertEquals(-32602, answers.get(3).get("error").get("code").asInt());
        assertEquals("3", answers.get(3).get("id").toString());
        assertError(answers.get(4), "4", -32600, "invalid request: \"method\" must be a method name");
        assertEquals(Map.of("Proving", 3, "PreCommit1", 1), ApiJson.MAPPER.convertValue(answers.get(5).get("result"), Map.class));
    }

    static Stream<Arguments> methodsAndLevels() {
        Map<String, String> params = Map.of("Filecoin.SectorsStatus", "[1,false]", "Filecoin.AuthVerify", "[\"t\"]",
                "Sealer.SectorWhy", "[1]", "Filecoin.SealingSchedDiag", "[false]", "Filecoin.StorageInfo", "[\"p\"]",
                "Filecoin.SealingAbort", "[{\"Sector\":{\"Miner\":1,\"Number\":2},\"ID\":\"" + FakeBackend.CALL + "\"}]");
        Map<String, Permission> levels = Map.ofEntries(
                Map.entry("Filecoin.Version", Permission.READ), Map.entry("Filecoin.SectorsList", Permission.READ),
                Map.entry("Filecoin.SectorsStatus", Permission.READ), Map.entry("Filecoin.SectorsSummary", Permission.READ),
                Map.entry("Filecoin.AuthVerify", Permission.READ), Map.entry("Sealer.SectorWhy", Permission.READ),
                Map.entry("Filecoin.PledgeSector", Permission.WRITE), Map.entry("Filecoin.WorkerStats", Permission.ADMIN),
                Map.entry("Filecoin.WorkerJobs", Permission.ADMIN), Map.entry("Filecoin.SealingSchedDiag", Permission.ADMIN),
                Map.entry("Filecoin.StorageList", Permission.ADMIN), Map.entry("Filecoin.StorageInfo", Permission.ADMIN),
                Map.entry("Filecoin.SealingAbort", Permission.ADMIN));
        return levels.entrySet().stream().flatMap(e -> Stream.of(Permission.values()).map(token ->
                Arguments.of(e.getKey(), params.getOrDefault(e.getKey(), "[]"), e.getValue(), token)));
    }

    @ParameterizedTest(name = "{0} needs {2}, token {3}")
    @MethodSource("methodsAndLevels")
    void eachMethodAtEachPermissionLevel(String method, String params, Permission needed, Permission token)
            throws Exception {
        JsonNode a = ApiJson.MAPPER.readTree(send(call(1, method, params), new ApiTokens.Grant(token, "t")).orElseThrow());
        if (token.includes(needed)) {
            assertTrue(a.has("result"), a.toString());
            assertEquals(1, backend.calls.size());
        } else {
            assertError(a, "1", -32001, "missing permission to invoke '" + method + "' (need '" + needed.label()
                    + "', the token has '" + token.label() + "')");
            assertEquals(List.of(), backend.calls, "refused calls never reach the backend");
        }
    }

    @Test
    void everyLotusMethodOfTheIssueIsServed() {
        assertEquals(List.of("Filecoin.AuthVerify", "Filecoin.PledgeSector", "Filecoin.SealingAbort",
                "Filecoin.SealingSchedDiag", "Filecoin.SectorsList", "Filecoin.SectorsStatus", "Filecoin.SectorsSummary",
                "Filecoin.StorageInfo", "Filecoin.StorageList", "Filecoin.Version", "Filecoin.WorkerJobs",
                "Filecoin.WorkerStats", "Sealer.SectorWhy"), rpc.methods().keySet().stream().sorted().toList());
    }
}
