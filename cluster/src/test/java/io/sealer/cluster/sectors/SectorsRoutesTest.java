package io.sealer.cluster.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.api.ApiError;
import io.sealer.cluster.api.ApiJson;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.rpc.HttpTestNode;
import io.sealer.cluster.sectors.api.RemoveResponse;
import io.sealer.cluster.sectors.api.SectorDetail;
import io.sealer.cluster.sectors.api.SectorList;
import io.sealer.cluster.sectors.api.SectorRow;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sectors API over real HTTP through NodeHttp, against an in-memory SectorsService. */
class SectorsRoutesTest {
    private static final InMemorySectors SECTORS = new InMemorySectors();
    private static HttpTestNode node;

    @BeforeAll
    static void start() throws Exception {
        SectorsRoutes routes = new SectorsRoutes(SECTORS, Clock.fixed(InMemorySectors.T0.plusSeconds(3600), ZoneOffset.UTC));
        node = new HttpTestNode("sectors-routes", routes::routes);
        SECTORS.pledge(3, 1);
        SECTORS.toPreCommit2WithAFailure(1);
        SECTORS.running(1, "w-gpu");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void healthy() {
        SECTORS.failWith = null;
    }

    private static <T> T read(HttpResponse<String> r, int status, Class<T> type) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("application/json"), r.headers().toString());
        return ApiJson.MAPPER.readValue(r.body(), type);
    }

    @Test
    void listShowsOneRowPerSectorWithTimeInStateWorkerAndLastError() throws Exception {
        HttpResponse<String> answer = node.send("GET", "/api/v0/sectors", Permission.READ, null);
        assertTrue(answer.body().contains("{\"number\":0,\"state\":\"Packing\",\"deals\":true,"
                + "\"stateSince\":\"2026-11-30T22:00:00Z\",\"timeInStateMs\":3600000,\"worker\":null,\"lastError\":null}"),
                answer.body());
        List<SectorRow> rows = read(answer, 200, SectorList.class).sectors();
        assertEquals(List.of(0L, 1L, 2L), rows.stream().map(SectorRow::number).toList());
        SectorRow packing = rows.get(0);
        assertEquals("Packing", packing.state());
        assertTrue(packing.deals(), "the first of the pledge holds deals");
        assertEquals(3_600_000, packing.timeInStateMs());
        assertNull(packing.worker());
        assertNull(packing.lastError());
        SectorRow pc2 = rows.get(1);
        assertEquals("PreCommit2", pc2.state());
        assertFalse(pc2.deals());
        assertEquals(3_000_000, pc2.timeInStateMs(), "in PreCommit2 since the retry at T0+10m");
        assertEquals("w-gpu", pc2.worker());
        assertEquals("PreCommit2 (PC2): gpu lost", pc2.lastError());
    }

    @Test
    void statusHasTheSealingValuesAndTheHistoryWithWorkers() throws Exception {
        HttpResponse<String> answer = node.send("GET", "/api/v0/sectors/1", Permission.READ, null);
        assertTrue(answer.body().contains("{\"at\":\"2026-11-30T22:01:00Z\",\"task\":\"AP\",\"worker\":\"w-ap\","
                + "\"failure\":null}"), answer.body());
        SectorDetail s = read(answer, 200, SectorDetail.class);
        assertEquals("PreCommit2", s.state());
        assertEquals(InMemorySectors.TICKET, s.ticket());
        assertNull(s.seed());
        assertEquals("baga6ea4seaqtest", s.commD());
        assertNull(s.commR());
        assertEquals(5, s.sealProof());
        assertEquals("w-gpu", s.worker());
        assertEquals(List.of("Packing", "GetTicket", "PreCommit1", "PreCommit2", "SealPreCommit2Failed", "PreCommit2"),
                s.history().stream().map(SectorDetail.StateEntry::state).toList());
        assertEquals(List.of(new SectorDetail.TaskEntry(InMemorySectors.T0.plusSeconds(60), "AP", "w-ap", null)),
                s.history().get(0).tasks());
        assertEquals(List.of(new SectorDetail.TaskEntry(InMemorySectors.T0.plusSeconds(420), "PC2", "w-pc", "temporary")),
                s.history().get(3).tasks());
        assertEquals("SectorRetrySealPreCommit2", s.history().get(5).event());
    }

    @Test
    void pledgeStartsSectorsAndAnswersThem() throws Exception {
        List<SectorRow> started = read(node.send("POST", "/api/v0/sectors/pledge", Permission.WRITE,
                "{\"count\":2,\"deals\":2}"), 200, SectorList.class).sectors();
        assertEquals(2, started.size());
        assertTrue(started.stream().allMatch(r -> r.deals() && r.state().equals("Packing")), started.toString());
        assertEquals(started.get(0).number() + 1, started.get(1).number());
        assertEquals("Packing", SECTORS.sector(started.get(1).number()).state().wireName());
        List<SectorRow> one = read(node.send("POST", "/api/v0/sectors/pledge", Permission.WRITE, "{}"), 200,
                SectorList.class).sectors();
        assertEquals(1, one.size(), "count defaults to 1");
        assertFalse(one.get(0).deals(), "deals default to 0");
    }

    @Test
    void removeIsAcceptedOnceThenAlreadyRemoved() throws Exception {
        assertEquals(new RemoveResponse(2, "removing"),
                read(node.send("DELETE", "/api/v0/sectors/2", Permission.ADMIN, null), 202, RemoveResponse.class));
        assertEquals(new RemoveResponse(2, "already-removed"),
                read(node.send("DELETE", "/api/v0/sectors/2", Permission.ADMIN, null), 200, RemoveResponse.class));
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "GET|/api/v0/sectors/77||404|no sector 77 on this miner",
            "DELETE|/api/v0/sectors/77||404|no sector 77 on this miner",
            "GET|/api/v0/sectors/seven||400|'seven' is not a sector number (expected a whole number, 0 or more)",
            "GET|/api/v0/sectors/-1||400|'-1' is not a sector number",
            "DELETE|/api/v0/sectors/99999999999999999999||400|is not a sector number",
            "POST|/api/v0/sectors/pledge|{\"count\":\"3\"}|400|field 'count': expected an integer",
            "POST|/api/v0/sectors/pledge|{\"count\":1.5}|400|field 'count': expected an integer",
            "POST|/api/v0/sectors/pledge|{\"count\":true}|400|field 'count': expected an integer",
            "POST|/api/v0/sectors/pledge|[1]|400|the body: expected an object",
            "POST|/api/v0/sectors/pledge|{\"count\":1,\"size\":\"2KiB\"}|400|unknown field 'size' (expected [count, deals])",
            "POST|/api/v0/sectors/pledge|{\"count\":0}|400|field 'count': expected 1 to 1000, got 0",
            "POST|/api/v0/sectors/pledge|{\"count\":99999999999}|400|field 'count': expected an integer, got a number out of its range",
            "POST|/api/v0/sectors/pledge|{\"count\":1001}|400|field 'count': expected 1 to 1000, got 1001",
            "POST|/api/v0/sectors/pledge|{\"count\":2,\"deals\":3}|400|field 'deals': expected 0 to count (2), got 3",
            "POST|/api/v0/sectors/pledge|{\"count\":2,\"deals\":-1}|400|field 'deals': expected 0 to count (2), got -1",
            "POST|/api/v0/sectors/pledge|{\"count\":|400|malformed JSON at line 1",
            "POST|/api/v0/sectors/pledge||400|the request has no JSON body",
            "GET|/api/v0/sectors/pledge||405|this path takes POST",
            "POST|/api/v0/sectors||405|this path takes GET",
            "PUT|/api/v0/sectors/1||405|this path takes GET, DELETE",
            "GET|/api/v0/sectors/1/extra||404|",
    })
    void badRequestsAreJsonErrorsNamingWhatWasWrong(String method, String path, String body, int status, String detail)
            throws Exception {
        ApiError e = read(node.send(method, path, Permission.ADMIN, body), status, ApiError.class);
        assertTrue(e.detail().contains(detail == null ? "" : detail), e.toString());
    }

    @Test
    void aSilentServiceIsA503WithoutInternals() throws Exception {
        SECTORS.failWith = new TimeoutException("Ask timed out on [Actor[pekko://sealer/system/sharding/Sector#1]]");
        HttpResponse<String> r = node.send("GET", "/api/v0/sectors", Permission.READ, null);
        assertEquals(new ApiError("unavailable", "the sectors did not answer in time; try again"),
                read(r, 503, ApiError.class));
        SECTORS.failWith = new IllegalStateException("the journal database is not reachable");
        assertEquals("the journal database is not reachable",
                read(node.send("POST", "/api/v0/sectors/pledge", Permission.WRITE, "{\"count\":1}"), 503, ApiError.class)
                        .detail());
    }
}
