package io.sealer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.chain.ChainClient;
import io.sealer.cluster.node.NodeSettings;
import io.sealer.cluster.node.SealerNode;
import io.sealer.cluster.sealing.NativeTaskExecutor;
import io.sealer.cluster.sealing.SectorFiles;
import io.sealer.cluster.sealing.Sealing;
import io.sealer.core.sector.SectorInfo;
import io.sealer.core.sector.SectorState;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import io.sealer.proofs.JnaSealingFfi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product path end to end: one cluster node with the miner and worker roles, the
 * Scheduler singleton, a ResourceManager and the native proofs seal a 2 KiB sector from
 * AddPiece to Finalize. With ticket 0x01 × 32, miner t01000 and sector 1 the result must be
 * the 2 KiB reference seal of docs/proofs.md (the published vectors).
 */
class LocalSealingTest {
    private static final String COMM_D = "fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833";
    private static final String COMM_R = "77424390b36f74acd595c40d0e341f4fbff18623feaf8ad72fe73d7490d0d65c";
    private static final String REPLICA_ID = "3e75e87332cd5d60132c1f9f9a8362e2e4cf190b46f4fd636fd8864b842d170b";

    /** The reference vector's chain: every ticket is 0x01 × 32; seeds are 0x02 × 32. */
    static final class FixedChain implements ChainClient {
        @Override
        public byte[] ticket(SectorId sector) {
            byte[] b = new byte[32];
            Arrays.fill(b, (byte) 1);
            return b;
        }

        @Override
        public byte[] seed(SectorId sector) {
            byte[] b = new byte[32];
            Arrays.fill(b, (byte) 2);
            return b;
        }

        @Override
        public Duration seedDelay() {
            return Duration.ofMillis(200);
        }
    }

    @TempDir
    Path repo;

    @Test
    void sealsTheReferenceSectorThroughTheActors() throws Exception {
        Config config = ConfigFactory.parseString("sealer.scheduler.init-wait = 100ms").withFallback(ConfigFactory.load());
        NodeSettings settings = NodeSettings.fromConfig(config).withRepo(repo);
        SectorFiles files = new SectorFiles(settings.storage());
        try (SealerNode node = SealerNode.start(config, settings,
                SealProof.STACKED_DRG_2KIB_V1_1, EnumSet.of(TaskType.AP, TaskType.PC1, TaskType.PC2, TaskType.C1,
                        TaskType.C2, TaskType.FIN, TaskType.GET),
                new NativeTaskExecutor(JnaSealingFfi.get(), files, 0), true, new FixedChain())) {
            node.refs().sealing().tell(new Sealing.Pledge(1, 1));
            Sealing.Sectors done = AskPattern.<Sealing.Command, Sealing.Sectors>ask(node.refs().sealing(),
                    Sealing.AwaitAll::new, Duration.ofMinutes(2), node.system().scheduler())
                    .toCompletableFuture().get(3, TimeUnit.MINUTES);
            SectorInfo s = done.sectors().get(0);
            assertEquals(SectorState.PROVING, s.state(), String.valueOf(s.lastError()));
            assertEquals(new SectorId(1000, 1), s.id());
            assertEquals(COMM_D, s.commD());
            assertEquals(REPLICA_ID, s.replicaId());
            assertEquals(COMM_R, s.commR());
            // Finalize dropped the layers but kept the replica and the proof.
            SectorId id = s.id();
            assertEquals(true, Files.exists(files.sealed(id)));
            assertEquals(true, Files.exists(files.cache(id).resolve("proof.out")));
            try (var list = Files.list(files.cache(id))) {
                List<String> names = list.map(p -> p.getFileName().toString()).toList();
                assertEquals(List.of(), names.stream().filter(n -> n.startsWith("sc-02-data-layer-")).toList());
            }
        }
    }
}
