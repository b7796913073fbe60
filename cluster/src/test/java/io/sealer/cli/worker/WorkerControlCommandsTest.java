package io.sealer.cli.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cli.CliRun;
import io.sealer.cli.SealerCli;
import io.sealer.cluster.node.WorkerRoutes;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.core.task.TaskType;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `sealer worker tasks|stop|info` before they reach a worker: usage mistakes exit 2 with the
 * valid choices, no running worker exits 1 saying how to start one, and `info` falls back to
 * this machine when the repository has no running worker.
 */
class WorkerControlCommandsTest {
    private static final String CHOICES = "choose from DC AP PC1 PC2 C2 UNS RU PR2 GSK";

    @TempDir
    Path dir;

    @Test
    void namesOrAllButNotBoth() {
        CliRun.of("worker", "tasks", "disable", "--repo", dir.toString())
                .assertOneLineError(SealerCli.USAGE, "sealer: name the task types to disable, or give --all");
        CliRun.of("worker", "tasks", "enable", "PC1", "--all", "--repo", dir.toString())
                .assertOneLineError(SealerCli.USAGE, "sealer: name the task types to enable, or give --all");
    }

    @Test
    void aTypeThatCannotBeSwitchedNamesTheValidOnes() {
        CliRun.of("worker", "tasks", "enable", "C1", "--repo", dir.toString())
                .assertOneLineError(SealerCli.USAGE, "sealer: 'C1' is not a task type that can be switched; " + CHOICES);
        CliRun.of("worker", "tasks", "disable", "PC3", "fin", "PC2", "--repo", dir.toString())
                .assertOneLineError(SealerCli.USAGE, "sealer: 'PC3', 'fin' are not task types that can be switched; " + CHOICES);
    }

    @Test
    void switchableNamesParseLikeLotusShortNames() {
        assertEquals(Set.of(TaskType.PC1, TaskType.AP, TaskType.PC2),
                WorkerRoutes.switchable(List.of("pc1", "AP", "seal/v0/precommit/2")));
        assertEquals(List.of(TaskType.DC, TaskType.AP, TaskType.PC1, TaskType.PC2, TaskType.C2, TaskType.UNS, TaskType.RU,
                TaskType.PR2, TaskType.GSK), WorkerRoutes.switchableTypes());
        assertThrows(IllegalArgumentException.class, () -> WorkerRoutes.switchable(List.of("GET")));
    }

    @Test
    void noRunningWorkerIsOneLineSayingHowToStartIt() throws Exception {
        Path missing = dir.resolve("none");
        CliRun.of("worker", "tasks", "enable", "PC1", "--repo", missing.toString()).assertOneLineError(1,
                "sealer: no worker repository at " + missing + " (start the node once to initialise it, or pass --repo)");
        NodeRepo repo = NodeRepo.openOrInit(dir.resolve("w"), NodeKind.WORKER);
        CliRun.of("worker", "stop", "--repo", repo.dir().toString()).assertOneLineError(1, "sealer: the worker of "
                + repo.dir() + " is not running (no api file); start it with `sealer worker run`, or set WORKER_API_INFO");
        CliRun.of("worker", "tasks", "disable", "--all", "--repo", repo.dir().toString()).assertOneLineError(1,
                "sealer: the worker of " + repo.dir() + " is not running (no api file); start it with `sealer worker run`,"
                        + " or set WORKER_API_INFO");
    }

    @Test
    void infoWithoutARunningWorkerShowsThisMachine() throws Exception {
        NodeRepo repo = NodeRepo.openOrInit(dir.resolve("w"), NodeKind.WORKER);
        CliRun r = CliRun.of("worker", "info", "--repo", repo.dir().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.lines().get(0).startsWith("Version: sealer "), r.out());
        CliRun missing = CliRun.of("worker", "resources", "--all", "--repo", dir.resolve("nowhere").toString());
        assertEquals(0, missing.code(), missing.err());
        assertTrue(missing.out().contains("PC1_32G_MAX_MEMORY="), missing.out());
    }
}
