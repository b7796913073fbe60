package io.sealer.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.cluster.repo.RepoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinerEndpointTest {

    @Test
    void theEnvironmentWinsUnlessARepoIsGiven(@TempDir Path tmp) throws Exception {
        NodeRepo repo = NodeRepo.openOrInit(tmp.resolve("m"), NodeKind.MINER);
        Files.writeString(repo.apiFile(), "/ip4/127.0.0.1/tcp/5000/http\n");
        Files.writeString(repo.tokenFile(), "admintoken\n");
        Map<String, String> env = Map.of("MINER_API_INFO", "envtoken:/ip4/10.0.0.1/tcp/2345/http");
        assertEquals("envtoken", MinerEndpoint.resolve(null, env, tmp).token());
        ApiInfo fromRepo = MinerEndpoint.resolve(repo.dir(), env, tmp);
        assertEquals("admintoken", fromRepo.token());
        assertEquals(5000, fromRepo.address().port());
        assertEquals(5000, MinerEndpoint.resolve(null, Map.of("SEALER_MINER_PATH", repo.dir().toString()), tmp)
                .address().port());
    }

    @Test
    void aStoppedMinerIsSaidPlainly(@TempDir Path tmp) throws Exception {
        NodeRepo repo = NodeRepo.openOrInit(tmp.resolve("m"), NodeKind.MINER);
        RepoException e = assertThrows(RepoException.class, () -> MinerEndpoint.resolve(repo.dir(), Map.of(), tmp));
        assertTrue(e.getMessage().startsWith("the miner of " + repo.dir() + " is not running (no api file)"), e.getMessage());
        Files.writeString(repo.apiFile(), "/ip4/x/tcp/1/http");
        assertTrue(assertThrows(RepoException.class, () -> MinerEndpoint.resolve(repo.dir(), Map.of(), tmp)).getMessage()
                .contains("is damaged: 'x' is not an IPv4 address"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MinerEndpoint.resolve(null, Map.of("MINER_API_INFO", "t:/ip4/1.2.3.4/tcp/p/http"), tmp)).getMessage()
                .startsWith("MINER_API_INFO: 'p' is not a port"));
    }
}
