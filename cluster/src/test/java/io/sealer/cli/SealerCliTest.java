package io.sealer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The error style shared by every command. */
class SealerCliTest {

    @Test
    void anUnknownCommandIsOneLine() {
        CliRun.of("wrker").assertOneLineError(SealerCli.USAGE, "sealer: unknown command or argument 'wrker'; did you mean worker or miner?");
        CliRun.of("run", "--sector", "3").assertOneLineError(SealerCli.USAGE,
                "sealer: unknown option '--sector'; did you mean --sectors?");
        CliRun.of("run", "extra").assertOneLineError(SealerCli.USAGE,
                "sealer: unknown command or argument 'extra'; see 'sealer run --help'");
        CliRun.of("frobnicate").assertOneLineError(SealerCli.USAGE,
                "sealer: unknown command or argument 'frobnicate'; see 'sealer --help'");
    }

    @Test
    void aMissingOptionValueIsOneLine() {
        CliRun.of("run", "--size").assertOneLineError(SealerCli.USAGE,
                "sealer: missing required parameter for option '--size' (<size>)");
    }

    @Test
    void helpShowsTheUsage() {
        CliRun r = CliRun.of("run", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--wait-seed"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void anUnknownLogLevelIsRefusedBeforeAnyCommand() {
        CliRun.of(Map.of("SEALER_LOG_LEVEL", "loud"), CommandLine.defaultFactory(), "worker", "resources")
                .assertOneLineError(SealerCli.FAILED, "sealer: invalid value for SEALER_LOG_LEVEL: 'loud'"
                        + " (expected one of trace, debug, info, warn, error)");
        assertEquals(0, CliRun.of(Map.of("SEALER_LOG_LEVEL", "DEBUG"), CommandLine.defaultFactory(), "--version").code());
    }
}
