package io.sealer.cli.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cli.SealerCli;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuthCommandTest {
    record Run(int code, String out, String err) {}

    private static Run sealer(String... args) {
        CommandLine cl = SealerCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void apiInfoPrintsALineWhoseTokenTheMinerAccepts(@TempDir Path tmp) throws Exception {
        NodeRepo repo = NodeRepo.openOrInit(tmp.resolve("miner"), NodeKind.MINER);
        Run r = sealer("auth", "api-info", "--perm", "write", "--repo", repo.dir().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("MINER_API_INFO="), r.out());
        ApiInfo info = ApiInfo.parse("output", r.out().trim().substring("MINER_API_INFO=".length()));
        assertEquals("/ip4/127.0.0.1/tcp/2345/http", info.address().multiaddr());
        ApiTokens tokens = new ApiTokens(ApiSecret.load(repo.apiSecretFile()));
        assertEquals(Permission.WRITE, tokens.verify(info.token()).permission());

        Files.writeString(repo.apiFile(), "/ip4/10.1.2.3/tcp/40001/http\n");
        Run running = sealer("auth", "api-info", "--perm", "admin", "--repo", repo.dir().toString());
        assertTrue(running.out().contains(":/ip4/10.1.2.3/tcp/40001/http"), running.out());
    }

    @Test
    void createTokenPrintsOnlyTheToken(@TempDir Path tmp) throws Exception {
        NodeRepo repo = NodeRepo.openOrInit(tmp.resolve("miner"), NodeKind.MINER);
        Run r = sealer("auth", "create-token", "--perm", "read", "--name", "grafana", "--repo", repo.dir().toString());
        assertEquals(0, r.code(), r.err());
        ApiTokens.Grant g = new ApiTokens(ApiSecret.load(repo.apiSecretFile())).verify(r.out().trim());
        assertEquals(new ApiTokens.Grant(Permission.READ, "grafana"), g);
    }

    @Test
    void badInputIsOneLine(@TempDir Path tmp) throws Exception {
        Run perm = sealer("auth", "create-token", "--perm", "root", "--repo", tmp.toString());
        assertEquals(2, perm.code());
        assertTrue(perm.err().contains("expected one of read, write, sign, admin, got 'root'"), perm.err());

        Run missing = sealer("auth", "create-token", "--perm", "read", "--repo", tmp.resolve("none").toString());
        assertEquals(1, missing.code());
        assertEquals("sealer: no miner repository at " + tmp.resolve("none") + " (start the node once to initialise it, "
                + "or pass --repo)", missing.err().trim());

        NodeRepo worker = NodeRepo.openOrInit(tmp.resolve("w"), NodeKind.WORKER);
        Run wrongKind = sealer("auth", "api-info", "--perm", "read", "--repo", worker.dir().toString());
        assertEquals(1, wrongKind.code());
        assertTrue(wrongKind.err().contains("belongs to a worker node, not a miner node"), wrongKind.err());
    }
}
