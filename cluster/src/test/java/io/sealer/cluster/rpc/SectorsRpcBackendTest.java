package io.sealer.cluster.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sealer.cluster.api.ApiJson;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.sectors.InMemorySectors;
import io.sealer.cluster.sectors.SectorsRoutes;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Lotus JSON-RPC methods answered from the sectors, through the real dispatcher. */
class SectorsRpcBackendTest {
    private static final ApiTokens.Grant ADMIN = new ApiTokens.Grant(Permission.ADMIN, "ops");
    private final ApiTokens tokens = new ApiTokens(ApiSecret.random());
    private final InMemorySectors sectors = new InMemorySectors();
    private final JsonRpcDispatcher rpc = new JsonRpcDispatcher(LotusMethods.all(
            new SectorsRpcBackend(sectors, tokens, "sealer 0.1.0", 30)));

    @BeforeEach
    void threeSectors() {
        sectors.pledge(3, 0);
        sectors.toPreCommit2WithAFailure(2);
    }

    private JsonNode call(String method, String params, ApiTokens.Grant grant) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
        return ApiJson.MAPPER.readTree(rpc.handle(body, grant).toCompletableFuture().join().orElseThrow());
    }

    private JsonNode result(String method, String params) throws Exception {
        JsonNode answer = call(method, params, ADMIN);
        assertTrue(answer.get("error") == null, answer.toString());
        return answer.get("result");
    }

    private static void assertError(JsonNode answer, int code, String message) {
        assertEquals(code, answer.get("error").get("code").asInt(), answer.toString());
        assertEquals(message, answer.get("error").get("message").asText());
    }

    @Test
    void versionAndListAndSummary() throws Exception {
        assertEquals("{\"Version\":\"sealer 0.1.0\",\"APIVersion\":66816,\"BlockDelay\":30}",
                result("Filecoin.Version", "[]").toString());
        assertEquals("[0,1,2]", result("Filecoin.SectorsList", "[]").toString());
        assertEquals("{\"Packing\":2,\"PreCommit2\":1}", result("Filecoin.SectorsSummary", "[]").toString());
    }

    @Test
    void statusInLotusShape() throws Exception {
        JsonNode s = result("Filecoin.SectorsStatus", "[2, false]");
        assertEquals(2, s.get("SectorID").asLong());
        assertEquals("PreCommit2", s.get("State").asText());
        assertEquals("baga6ea4seaqtest", s.get("CommD").get("/").asText());
        assertTrue(s.get("CommR").isNull(), s.toString());
        assertEquals(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(InMemorySectors.TICKET)),
                s.get("Ticket").get("Value").asText());
        assertTrue(s.get("Seed").isNull(), s.toString());
        assertEquals(1, s.get("Retries").asLong(), "one PreCommit2 failure");
        assertEquals("PreCommit2 (PC2): gpu lost", s.get("LastErr").asText());
        assertEquals(5, s.get("SealProof").asLong());
        assertEquals(6, s.get("Log").size());
        assertEquals("event;sealing.SectorRetrySealPreCommit2", s.get("Log").get(5).get("Kind").asText());
        assertEquals("SealPreCommit2Failed -> PreCommit2", s.get("Log").get(5).get("Message").asText());
        assertEquals(InMemorySectors.T0.plusSeconds(600).getEpochSecond(), s.get("Log").get(5).get("Timestamp").asLong());

        assertError(call("Filecoin.SectorsStatus", "[9, false]", ADMIN), RpcException.APPLICATION_ERROR,
                "no sector 9 on this miner");
    }

    @Test
    void pledgeStartsOneSectorAndNeedsWrite() throws Exception {
        assertEquals("{\"Miner\":1000,\"Number\":3}", result("Filecoin.PledgeSector", "[]").toString());
        assertEquals("Packing", sectors.sector(3).state().wireName());
        assertError(call("Filecoin.PledgeSector", "[]", new ApiTokens.Grant(Permission.READ, "")),
                RpcException.PERMISSION_DENIED, "missing permission to invoke 'Filecoin.PledgeSector' (need 'write', "
                        + "the token has 'read')");
    }

    @Test
    void authVerifyReadsTheTokensOwnPermissions() throws Exception {
        assertEquals("[\"read\",\"write\"]", result("Filecoin.AuthVerify",
                "[\"" + tokens.create(Permission.WRITE, "") + "\"]").toString());
        String foreign = new ApiTokens(ApiSecret.random()).create(Permission.ADMIN, "");
        assertError(call("Filecoin.AuthVerify", "[\"" + foreign + "\"]", ADMIN), RpcException.APPLICATION_ERROR,
                "invalid token: token signature does not match this node's secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Filecoin.WorkerStats|[]", "Filecoin.WorkerJobs|[]", "Filecoin.SealingSchedDiag|[false]",
        "Filecoin.StorageList|[]", "Filecoin.StorageInfo|[\"p\"]", "Sealer.SectorWhy|[1]",
        "Filecoin.SealingAbort|[{\"Sector\":{\"Miner\":1000,\"Number\":1},\"ID\":\"aaaa1111-0000-0000-0000-000000000000\"}]"})
    void theRestIsNotAvailableYet(String call) throws Exception {
        String[] p = call.split("\\|");
        assertError(call(p[0], p[1], ADMIN), RpcException.APPLICATION_ERROR, p[0] + " is not available on this node yet");
    }

    @Test
    void restAndRpcServeTheSameSectorsOnOnePort() throws Exception {
        AllDirectives d = new AllDirectives() {};
        SectorsRoutes rest = new SectorsRoutes(sectors);
        try (HttpTestNode node = new HttpTestNode("sectors-rest-rpc",
                caller -> d.concat(rest.routes(caller), RpcRoute.create(rpc).apply(caller)))) {
            assertEquals(200, node.send("POST", "/api/v0/sectors/pledge", Permission.WRITE, "{\"count\":2}").statusCode());
            HttpResponse<String> summary = node.send("POST", "/rpc/v0", Permission.READ,
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Filecoin.SectorsSummary\",\"params\":[]}");
            assertEquals(200, summary.statusCode());
            assertEquals("{\"Packing\":4,\"PreCommit2\":1}",
                    ApiJson.MAPPER.readTree(summary.body()).get("result").toString());
        }
    }

    @Test
    void aSilentServiceIsAnInternalErrorWithoutInternals() throws Exception {
        sectors.failWith = new TimeoutException("Ask timed out on [Actor[pekko://sealer/system/sharding/Sector#1]]");
        assertError(call("Filecoin.SectorsList", "[]", ADMIN), RpcException.INTERNAL_ERROR,
                "the node did not answer Filecoin.SectorsList in time; try again");
    }
}
