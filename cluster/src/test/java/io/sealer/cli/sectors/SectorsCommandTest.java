package io.sealer.cli.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cli.CliRun;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `sealer sectors ...` against a miner's HTTP API: output, the watch loop, and one-line errors. */
class SectorsCommandTest {
    private static SectorsCli cli;

    @BeforeAll
    static void start() throws Exception {
        cli = new SectorsCli("sectors-cli");
        cli.sectors.pledge(2, 0);
        cli.sectors.toPreCommit2WithAFailure(1);
        cli.sectors.running(1, "w-gpu");
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @Test
    void listPrintsATableWithTimeInStateAsPeopleWriteIt() {
        CliRun r = cli.run(Permission.READ, "list");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(
                "ID  State       Deals  In state  Worker  Last error",
                "0   Packing     CC     1h        -       -",
                "1   PreCommit2  CC     50m       w-gpu   PreCommit2 (PC2): gpu lost"), r.lines().subList(0, 3));
    }

    @Test
    void statusShowsTheValuesAndWithLogTheHistory() {
        CliRun plain = cli.run(Permission.READ, "status", "1");
        assertEquals(0, plain.code(), plain.err());
        assertTrue(plain.out().contains("State:       PreCommit2\n"), plain.out());
        assertTrue(plain.out().contains("Ticket:      " + "0a".repeat(32) + "\n"), plain.out());
        assertTrue(plain.out().contains("Seed:        -\n"), plain.out());
        assertTrue(plain.out().contains("CommD:       baga6ea4seaqtest\n"), plain.out());
        assertTrue(plain.out().contains("Worker:      w-gpu\n"), plain.out());
        assertFalse(plain.out().contains("Log:"), plain.out());

        CliRun log = cli.run(Permission.READ, "status", "1", "--log");
        List<String> lines = log.lines();
        int at = lines.indexOf("Log:");
        assertEquals(List.of(
                "#  Entered               State                 Event                       Stayed  Tasks",
                "0  2026-11-30T22:00:00Z  Packing               SectorStart                 1m      AP on w-ap",
                "1  2026-11-30T22:01:00Z  GetTicket             SectorPacked                1s      -",
                "2  2026-11-30T22:01:01Z  PreCommit1            SectorTicket                3m59s   PC1 on w-pc",
                "3  2026-11-30T22:05:00Z  PreCommit2            SectorPreCommit1            2m      PC2 on w-pc (failed: temporary)",
                "4  2026-11-30T22:07:00Z  SealPreCommit2Failed  SectorSealPreCommit2Failed  3m      -",
                "5  2026-11-30T22:10:00Z  PreCommit2            SectorRetrySealPreCommit2   -       -"),
                lines.subList(at + 1, lines.size()));
    }

    @Test
    void pledgeAndRemoveSayWhatHappened() {
        CliRun pledge = cli.run(Permission.WRITE, "pledge", "--count", "2", "--deals", "1");
        assertEquals(0, pledge.code(), pledge.err());
        assertTrue(pledge.out().matches("Pledged 2 sectors: (\\d+), (\\d+)\n1 of them marked as holding deals\n"),
                pledge.out());
        long first = Long.parseLong(pledge.out().replaceAll("(?s)Pledged 2 sectors: (\\d+),.*", "$1"));
        assertTrue(cli.sectors.sector(first).deals());
        assertFalse(cli.sectors.sector(first + 1).deals());

        assertEquals("Sector " + first + " is being removed\n", cli.run(Permission.ADMIN, "remove", "" + first).out());
        assertEquals("Sector " + first + " was already removed\n", cli.run(Permission.ADMIN, "remove", "" + first).out());
    }

    @Test
    void watchRedrawsInPlaceOnATerminalAndRepeatsOtherwise() {
        cli.terminal = true;
        cli.pauses.clear();
        CliRun term = cli.run(Permission.READ, "list", "--watch", "--interval", "500ms");
        assertEquals(0, term.code(), term.err());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500)), cli.pauses);
        assertEquals(3, term.out().split(Pattern.quote(SectorsListCommand.CLEAR), -1).length - 1,
                "cleared before each refresh");
        assertTrue(term.out().startsWith(SectorsListCommand.CLEAR + "Every 500ms: sealer sectors list  2026-11-30T23:00:00Z\n"),
                term.out());

        cli.terminal = false;
        cli.pauses.clear();
        CliRun plain = cli.run(Permission.READ, "list", "--watch");
        assertEquals(0, plain.code(), plain.err());
        assertFalse(plain.out().contains("\u001b"), "no escapes when not a terminal");
        assertEquals(3, plain.lines().stream().filter(l -> l.startsWith("ID  State")).count(), plain.out());
        assertEquals(Duration.ofSeconds(2), cli.pauses.get(0), "every 2s by default");
    }

    @Test
    void watchGoesOnThroughAMinerThatStopsAnsweringAndEndsOnARefusedToken() {
        cli.terminal = false;
        cli.pauses.clear();
        cli.onPause = n -> cli.sectors.failWith = n == 1 ? new TimeoutException("ask timed out") : null;
        try {
            CliRun r = cli.run(Permission.READ, "list", "--watch");
            assertEquals(0, r.code(), r.err());
            List<String> lines = r.lines();
            assertTrue(lines.contains("sealer: the sectors did not answer in time; try again (trying again every 2s)"),
                    r.out());
            assertEquals(2, lines.stream().filter(l -> l.startsWith("ID  State")).count(), "tables before and after");
        } finally {
            cli.onPause = n -> { };
            cli.sectors.failWith = null;
        }
        cli.pauses.clear();
        cli.run(Map.of("MINER_API_INFO", "bad:" + cli.apiInfo(null)), "list", "--watch").assertOneLineError(1,
                "sealer: the miner refused the token: malformed token");
    }

    @Test
    void helpNamesTheDefaults() {
        CliRun list = cli.run(Map.of(), "list", "--help");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("(default 2s)"), list.out());
        CliRun pledge = cli.run(Map.of(), "pledge", "--help");
        assertTrue(pledge.out().contains("1 to 1000, default 1"), pledge.out());
        CliRun group = cli.run(Map.of());
        assertTrue(group.out().contains("pledge") && group.out().contains("remove"), group.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "status seven|2|sealer: N: 'seven' is not a sector number (expected a whole number, 0 or more)",
            "status|2|sealer: missing required parameter: 'N'",
            "remove -3|2|sealer: N: '-3' is not a sector number (expected a whole number, 0 or more)",
            "pledge --count 0|2|sealer: --count: expected a whole number from 1 to 1000, got '0'",
            "pledge --count many|2|sealer: --count: expected a whole number from 1 to 1000, got 'many'",
            "pledge --count 2 --deals 3|2|sealer: --deals: expected at most --count (2), got 3",
            "list --interval 5|2|sealer: --interval: '5' is not a duration; expected a duration such as 30s, 5m, 2m30s or 2h",
            "list --watch --interval 0s|1|sealer: --interval must be more than 0s with --watch",
            "list --colour|2|sealer: unknown option '--colour'; see 'sealer sectors list --help'",
            "status 404|1|sealer: no sector 404 on this miner",
            "remove 404|1|sealer: no sector 404 on this miner",
            "add-piece|2|sealer: missing required parameter: 'FILE'",
            "add-piece /nonexistent/piece.car|2|sealer: FILE: /nonexistent/piece.car is not a readable file",
            "add-piece /dev/null --deal-id -1|2|sealer: --deal-id: '-1' is not a deal id (expected a whole number, 0 or more)",
            "seal seven|2|sealer: N: 'seven' is not a sector number (expected a whole number, 0 or more)",
            "read 1 --out /nonexistent/piece.out|2|sealer: --out: /nonexistent/piece.out: /nonexistent is not a writable directory",
            "read 1 --out /tmp|2|sealer: --out: /tmp is a directory",
    })
    void badInputIsOneLine(String args, int code, String line) {
        cli.run(Permission.ADMIN, args.split(" ")).assertOneLineError(code, line);
    }

    @Test
    void aMinerThatCannotBeFoundIsOneLine(@TempDir Path tmp) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        cli.run(Map.of("MINER_API_INFO", "t:/ip4/127.0.0.1/tcp/" + closed + "/http"), "list").assertOneLineError(1,
                "sealer: cannot reach the miner at http://127.0.0.1:" + closed + " (connection refused); is it running?");
        cli.run(Map.of("MINER_API_INFO", "t:/ip4/127.0.0.1/tcp/port/http"), "list").assertOneLineError(1,
                "sealer: MINER_API_INFO: 'port' is not a port in '/ip4/127.0.0.1/tcp/port/http'");
        NodeRepo stopped = NodeRepo.openOrInit(tmp.resolve("miner"), NodeKind.MINER);
        cli.run(Map.of(), "list", "--repo", stopped.dir().toString()).assertOneLineError(1, "sealer: the miner of "
                + stopped.dir() + " is not running (no api file); start it with `sealer miner run`, or set MINER_API_INFO");
    }

    @Test
    void theRepoFlagReadsTheRunningMinersAddressAndToken(@TempDir Path tmp) throws Exception {
        NodeRepo repo = NodeRepo.openOrInit(tmp.resolve("miner"), NodeKind.MINER);
        Files.writeString(repo.apiFile(), "/ip4/127.0.0.1/tcp/" + cli.node.http.address().getPort() + "/http\n");
        Files.writeString(repo.tokenFile(), cli.node.tokens.create(Permission.ADMIN, "") + "\n");
        CliRun r = cli.run(Map.of("MINER_API_INFO", "t:/ip4/127.0.0.1/tcp/1/http"), "status", "0", "--repo",
                repo.dir().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("State:       Packing"), r.out());
    }
}
