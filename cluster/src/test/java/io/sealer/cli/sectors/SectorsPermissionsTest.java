package io.sealer.cli.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealer.cli.CliRun;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every `sealer sectors` command with no token, and with read, write and admin tokens, against
 * the permission docs/api.md gives it: list and status read, pledge write, remove admin.
 */
class SectorsPermissionsTest {
    private static final String NO_TOKEN = "sealer: the miner refused the token: no token: send Authorization: Bearer <token>";
    private static SectorsCli cli;

    @BeforeAll
    static void start() throws Exception {
        cli = new SectorsCli("sectors-permissions");
        cli.sectors.pledge(1, 0);
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "list|none|read",
            "list|READ|read",
            "list|WRITE|read",
            "list|ADMIN|read",
            "status 0|none|read",
            "status 0|READ|read",
            "status 0|WRITE|read",
            "status 0|ADMIN|read",
            "pledge|none|write",
            "pledge|READ|write",
            "pledge|WRITE|write",
            "pledge|ADMIN|write",
            "remove 0|none|admin",
            "remove 0|READ|admin",
            "remove 0|WRITE|admin",
            "remove 0|ADMIN|admin",
    })
    void eachCommandNeedsItsPermission(String args, Permission token, String needed) {
        CliRun r = cli.run(token, args.split(" "));
        if (token == null) {
            r.assertOneLineError(1, NO_TOKEN);
        } else if (token.includes(Permission.parse(needed))) {
            assertEquals(0, r.code(), r.err());
        } else {
            r.assertOneLineError(1, "sealer: the miner refused: this call needs " + needed + " permission; the token has "
                    + token.label());
        }
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        String foreign = new ApiTokens(ApiSecret.random()).create(Permission.ADMIN, "");
        String address = cli.apiInfo(null);
        for (String command : new String[] {"list", "status 0", "pledge", "remove 0"}) {
            cli.run(Map.of("MINER_API_INFO", foreign + ":" + address), command.split(" ")).assertOneLineError(1,
                    "sealer: the miner refused the token: token signature does not match this node's secret");
        }
    }
}
