package io.sealer.cluster.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeRepoTest {

    @Test
    void initWritesEveryDefaultCommentedOutAndAnOwnerOnlySecret(@TempDir Path tmp) throws Exception {
        NodeRepo repo = NodeRepo.openOrInit(tmp.resolve("miner"), NodeKind.MINER);
        String text = Files.readString(repo.configFile());
        assertTrue(text.contains("  # AllowPreCommit1 = true\n"), text);
        assertTrue(text.contains("  # ListenAddress = \"127.0.0.1:2345\"\n"), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(repo.apiSecretFile())));
        Config c = repo.config();
        assertTrue(c.getBoolean("Storage.AllowAddPiece"));
        assertEquals(10, c.getInt("Storage.ParallelFetchLimit"));
        assertEquals(0, Files.list(repo.dir()).filter(p -> p.getFileName().toString().contains(".tmp-")).count());
    }

    @Test
    void everyTemplateKeyIsCommentedSoANewFileChangesNothing() {
        for (NodeKind kind : NodeKind.values()) {
            Config rendered = com.typesafe.config.ConfigFactory.parseString(RepoConfig.render(kind));
            assertTrue(rendered.entrySet().isEmpty(), kind + ": " + rendered);
            assertFalse(RepoConfig.defaults(kind).isEmpty());
        }
    }

    @Test
    void reopeningKeepsTheOperatorsEdits(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("m");
        NodeRepo.openOrInit(dir, NodeKind.MINER);
        Files.writeString(dir.resolve("config.conf"), "Storage { AllowPreCommit1 = false }\n");
        NodeRepo again = NodeRepo.openOrInit(dir, NodeKind.MINER);
        assertFalse(again.config().getBoolean("Storage.AllowPreCommit1"));
        assertTrue(again.config().getBoolean("Storage.AllowPreCommit2"));
    }

    @Test
    void aRepositoryOfAnotherKindIsRefusedWithWhatItIs(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("w");
        NodeRepo.openOrInit(dir, NodeKind.WORKER);
        RepoException e = assertThrows(RepoException.class, () -> NodeRepo.openOrInit(dir, NodeKind.MINER));
        assertEquals("repository " + dir + " belongs to a worker node, not a miner node", e.getMessage());
    }

    @Test
    void aForeignNonEmptyDirectoryIsNotTakenOver(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("photos.txt"), "keep me");
        RepoException e = assertThrows(RepoException.class, () -> NodeRepo.openOrInit(tmp, NodeKind.MINER));
        assertTrue(e.getMessage().contains("is not empty and was not initialised by sealer"), e.getMessage());
        assertEquals("keep me", Files.readString(tmp.resolve("photos.txt")));
        assertFalse(Files.exists(tmp.resolve("config.conf")));
    }

    @Test
    void aFileOrAnEmptyPathIsNotARepository(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertEquals("not a directory: " + file,
                assertThrows(RepoException.class, () -> NodeRepo.openOrInit(file, NodeKind.WORKER)).getMessage());
        assertEquals("the repository path is empty",
                assertThrows(RepoException.class, () -> NodeRepo.openOrInit(Path.of(""), NodeKind.WORKER)).getMessage());
    }

    @Test
    void unknownKeysAndSyntaxErrorsNameTheFileAndLine(@TempDir Path tmp) throws Exception {
        NodeRepo repo = NodeRepo.openOrInit(tmp.resolve("m"), NodeKind.MINER);
        Files.writeString(repo.configFile(), "# mine\nStorage {\n  AllowAddPeice = false\n}\n");
        RepoException unknown = assertThrows(RepoException.class, repo::config);
        assertTrue(unknown.getMessage().startsWith(repo.configFile() + " line 3: unknown key 'Storage.AllowAddPeice' "
                + "(known keys: API.ListenAddress, "), unknown.getMessage());

        Files.writeString(repo.configFile(), "Storage {\n  AllowAddPiece = \n}\n");
        RepoException syntax = assertThrows(RepoException.class, repo::config);
        assertTrue(syntax.getMessage().startsWith(repo.configFile() + " line "), syntax.getMessage());

        Files.writeString(repo.configFile(), "Sealing {\n  MaxAttempts = many\n}\n");
        RepoException type = assertThrows(RepoException.class, repo::config);
        assertTrue(type.getMessage().startsWith(repo.configFile() + " line 2: "), type.getMessage());
        assertTrue(type.getMessage().contains("MaxAttempts"), type.getMessage());
    }

    @Test
    void theDefaultLocationFollowsTheKindsVariable() {
        Path home = Path.of("/home/op");
        assertEquals(Path.of("/home/op/.sealer-miner"), NodeKind.MINER.defaultDir(Map.of(), home));
        assertEquals(Path.of("/data/w"), NodeKind.WORKER.defaultDir(Map.of("SEALER_WORKER_PATH", "/data/w"), home));
    }
}
