package io.sealer.cluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.task.SealProof;
import io.sealer.core.worker.TaskExecutor;
import java.nio.file.Path;
import java.util.Map;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a node spawns follows the roles of pekko.cluster.roles, as its own cluster member carries them. */
class SealerNodeTest {
    /** No task reaches it: these nodes only start and stop. */
    static final class NoTasks implements TaskExecutor {
        @Override
        public void prepare(TaskRequest request) {
            throw new IllegalStateException("no task expected");
        }

        @Override
        public Map<String, String> work(TaskRequest request, int threads) {
            throw new IllegalStateException("no task expected");
        }
    }

    @TempDir
    Path repo;

    @ParameterizedTest
    @CsvSource({"'\"miner\", \"worker\"', true, true", "'\"miner\"', true, false", "'\"worker\"', false, true"})
    void spawnsWhatTheRolesCallFor(String roles, boolean sealing, boolean worker) {
        Config config = ConfigFactory.parseString("pekko.cluster.roles = [" + roles + "]").withFallback(NodeConfig.load());
        NodeSettings settings = NodeSettings.fromConfig(config).withRepo(repo);
        try (SealerNode node = SealerNode.start(config, settings, SealProof.STACKED_DRG_2KIB_V1_1, SealerNode.SEALING_TASKS,
                new NoTasks(), false)) {
            assertEquals(sealing, Cluster.get(node.system()).selfMember().hasRole(SealerNode.MINER));
            assertEquals(sealing, node.refs().sealing() != null);
            assertEquals(worker, node.refs().worker() != null);
            assertNotNull(node.refs().scheduler(), "every node reaches the Scheduler singleton");
        }
    }

    @org.junit.jupiter.api.Test
    void aTakenPortIsOneLineNamingTheKey() {
        Config first = ConfigFactory.parseString("pekko.cluster.roles = [\"miner\"]").withFallback(NodeConfig.load());
        NodeSettings settings = NodeSettings.fromConfig(first).withRepo(repo);
        try (SealerNode node = SealerNode.start(first, settings, SealProof.STACKED_DRG_2KIB_V1_1, SealerNode.SEALING_TASKS,
                new NoTasks(), false)) {
            int port = node.system().address().getPort().get();
            Config second = ConfigFactory.parseString("pekko.remote.artery.canonical.port = " + port).withFallback(first);
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> SealerNode.start(second, settings, SealProof.STACKED_DRG_2KIB_V1_1, SealerNode.SEALING_TASKS,
                            new NoTasks(), false).close());
            assertEquals("the node cannot listen on 127.0.0.1:" + port + ": Address already in use; set sealer.node.port"
                    + " or SEALER_NODE_PORT to a free port", e.getMessage());
        }
    }
}
