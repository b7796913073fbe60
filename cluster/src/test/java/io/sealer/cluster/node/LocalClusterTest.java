package io.sealer.cluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.sealer.cluster.api.ApiJson;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sealer run`'s miner repository seals nothing itself, and the sector list is read in either answer shape. */
class LocalClusterTest {

    @Test
    void aNewMinerRepositoryHasSealingOffAndAnExistingOneIsLeftAlone(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("miner");
        Config conf = LocalCluster.minerRepo(dir).config();
        for (String key : new String[] {"AllowAddPiece", "AllowPreCommit1", "AllowPreCommit2", "AllowCommit", "AllowUnseal"}) {
            assertFalse(conf.getBoolean("Storage." + key), key);
        }
        String before = Files.readString(dir.resolve("config.conf"));
        LocalCluster.minerRepo(dir);
        assertEquals(before, Files.readString(dir.resolve("config.conf")), "a rerun does not append again");
        assertTrue(NodeRepo.open(dir, NodeKind.MINER).config().hasPath("Storage.AllowAddPiece"));
    }

    @Test
    void readsTheSectorListAsAnArrayOrInsideAnObject() throws Exception {
        String rows = "[{\"number\":1,\"state\":\"Proving\"},{\"number\":2,\"state\":\"PreCommit1\"}]";
        Map<String, String> expected = Map.of("1", "Proving", "2", "PreCommit1");
        assertEquals(expected, LocalCluster.sectors(ApiJson.MAPPER.readTree(rows)));
        assertEquals(expected, LocalCluster.sectors(ApiJson.MAPPER.readTree("{\"sectors\":" + rows + "}")));
        assertEquals(Map.of(), LocalCluster.sectors(ApiJson.MAPPER.readTree("{\"sectors\":[]}")));
    }
}
