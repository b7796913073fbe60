package io.sealer.core.sched;

import static io.sealer.core.task.SectorFileType.CACHE;
import static io.sealer.core.task.SectorFileType.SEALED;
import static io.sealer.core.task.SectorFileType.UNSEALED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.sched.StorageRule.Verdict;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorFileType;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The storage-aware selectors, case by case: which worker a task may go to given where paths and files are. */
class StorageSelectorsTest {
    private static final SealProof P2K = SealProof.STACKED_DRG_2KIB_V1_1;
    private static final SectorId SECTOR = new SectorId(1000, 7);
    private static final WorkerId WA = new WorkerId("wa");
    private static final WorkerId WB = new WorkerId("wb");
    private static final long LOTS = 1L << 40;

    private static StorageView.PathInfo seal(String id, String node, long available) {
        return path(id, node, true, false, available, List.of(), List.of());
    }

    private static StorageView.PathInfo store(String id, String node, long available) {
        return path(id, node, false, true, available, List.of(), List.of());
    }

    private static StorageView.PathInfo path(String id, String node, boolean seal, boolean store, long available,
            List<String> groups, List<String> allowTo) {
        return new StorageView.PathInfo(id, node, "host-" + node, seal, store, 10, available, true, groups, allowTo,
                Set.of(), false);
    }

    private static TaskRequest task(TaskType type, SelectorSpec selector) {
        return TaskRequest.of(new SectorRef(SECTOR, P2K), type, 0).withSelector(selector);
    }

    /** One row: a view, a task, and what each of worker A (node a) and worker B (node b) gets. */
    private record Case(String name, List<StorageView.PathInfo> paths, List<StorageView.SectorFiles> files,
            TaskRequest task, Verdict a, Verdict b, String whyB) {}

    private static List<StorageView.SectorFiles> files(String pathId, SectorFileType... types) {
        List<StorageView.SectorFiles> out = new ArrayList<>();
        for (SectorFileType t : types) {
            out.add(new StorageView.SectorFiles(SECTOR, t, List.of(pathId)));
        }
        return out;
    }

    private static final SelectorSpec ALLOC_UNSEALED = SelectorSpec.allocate(EnumSet.of(UNSEALED), SelectorSpec.PathKind.SEALING);
    private static final SelectorSpec ALLOC_PC1 = SelectorSpec.allocate(EnumSet.of(SEALED, CACHE), SelectorSpec.PathKind.SEALING);
    private static final SelectorSpec PC2 = SelectorSpec.existing(EnumSet.of(SEALED, CACHE), true);
    private static final SelectorSpec C1 = SelectorSpec.existing(EnumSet.of(SEALED, CACHE), false);
    private static final SelectorSpec MOVE = SelectorSpec.move(EnumSet.of(SEALED, CACHE));
    private static final SelectorSpec MOVE_HOLDERS_ONLY = MOVE.withRemoteFinalizeDisallowed();
    private static final String NOT_A_HOLDER = "remote finalize is disallowed and this worker does not hold the sector";

    @Test
    void eachSelectorAcceptsRefusesOrPrefersAsLotus() {
        long pc1Need = SectorFileType.spaceNeeded(EnumSet.of(SEALED, CACHE), 2048, false);
        List<Case> cases = List.of(
                new Case("alloc: a seal path with space; none on b", List.of(seal("pa", "a", LOTS)), List.of(),
                        task(TaskType.AP, ALLOC_UNSEALED), Verdict.ACCEPTED, Verdict.REFUSED,
                        "no storage path with space (needs 2 KiB, this node has no sealing path)"),
                new Case("alloc: b's seal path is too small", List.of(seal("pa", "a", LOTS), seal("pb", "b", pc1Need - 1)),
                        List.of(), task(TaskType.PC1, ALLOC_PC1), Verdict.ACCEPTED, Verdict.REFUSED,
                        "no storage path with space (needs 30.2 KiB, best has 30.2 KiB)"),
                new Case("alloc: a store path does not take sealing data", List.of(seal("pa", "a", LOTS), store("pb", "b", LOTS)),
                        List.of(), task(TaskType.PC1, ALLOC_PC1), Verdict.ACCEPTED, Verdict.REFUSED,
                        "no storage path with space (needs 30.2 KiB, this node has no sealing path)"),
                new Case("existing, no fetch: only the holder", List.of(seal("pa", "a", LOTS), seal("pb", "b", LOTS)),
                        files("pa", SEALED, CACHE), task(TaskType.C1, C1), Verdict.PREFERRED, Verdict.REFUSED,
                        "the sector's files are on host-a"),
                new Case("existing with fetch: b could fetch", List.of(seal("pa", "a", LOTS), seal("pb", "b", LOTS)),
                        files("pa", SEALED, CACHE), task(TaskType.PC2, PC2), Verdict.PREFERRED, Verdict.ACCEPTED, null),
                new Case("existing with fetch: b has no room", List.of(seal("pa", "a", LOTS), seal("pb", "b", 100)),
                        files("pa", SEALED, CACHE), task(TaskType.PC2, PC2), Verdict.PREFERRED, Verdict.REFUSED,
                        "no storage path with space (needs 30.2 KiB, best has 100 B)"),
                new Case("existing with fetch: AllowTo keeps b out",
                        List.of(path("pa", "a", true, false, LOTS, List.of("g1"), List.of("g1")),
                                path("pb", "b", true, false, LOTS, List.of("g2"), List.of())),
                        files("pa", SEALED, CACHE), task(TaskType.PC2, PC2), Verdict.PREFERRED, Verdict.REFUSED,
                        "no storage path with space (needs 30.2 KiB, this node has no sealing path)"),
                new Case("existing with fetch: AllowTo lets b's group in",
                        List.of(path("pa", "a", true, false, LOTS, List.of("g1"), List.of("g2")),
                                path("pb", "b", true, false, LOTS, List.of("g2"), List.of())),
                        files("pa", SEALED, CACHE), task(TaskType.PC2, PC2), Verdict.PREFERRED, Verdict.ACCEPTED, null),
                new Case("move: only a store path qualifies", List.of(seal("pa", "a", LOTS), store("pb", "b", LOTS)),
                        files("pa", SEALED, CACHE), task(TaskType.GET, MOVE), Verdict.REFUSED, Verdict.ACCEPTED, null),
                new Case("move: b already stores the files", List.of(store("pa", "a", LOTS), store("pb", "b", LOTS)),
                        files("pb", SEALED, CACHE), task(TaskType.GET, MOVE), Verdict.ACCEPTED, Verdict.PREFERRED, null),
                new Case("move: b's store path is full", List.of(seal("pa", "a", LOTS), store("pb", "b", 1000)),
                        files("pa", SEALED, CACHE), task(TaskType.GET, MOVE), Verdict.REFUSED, Verdict.REFUSED,
                        "no storage path with space (needs 2.199 KiB, best has 1000 B)"),
                new Case("remote finalize disallowed: the holder with a store path, not b",
                        List.of(seal("pa", "a", LOTS), store("pa2", "a", LOTS), store("pb", "b", LOTS)),
                        files("pa", SEALED, CACHE), task(TaskType.GET, MOVE_HOLDERS_ONLY), Verdict.ACCEPTED,
                        Verdict.REFUSED, NOT_A_HOLDER),
                new Case("remote finalize disallowed: the holder already storing it is preferred",
                        List.of(store("pa", "a", LOTS), store("pb", "b", LOTS)), files("pa", SEALED, CACHE),
                        task(TaskType.GET, MOVE_HOLDERS_ONLY), Verdict.PREFERRED, Verdict.REFUSED, NOT_A_HOLDER),
                new Case("remote finalize disallowed: b holds it but has no store path",
                        List.of(store("pa", "a", LOTS), seal("pb", "b", LOTS)), files("pb", SEALED, CACHE),
                        task(TaskType.GET, MOVE_HOLDERS_ONLY), Verdict.REFUSED, Verdict.REFUSED,
                        "no storage path with space (needs 2.199 KiB, this node has no storage path)"),
                new Case("remote finalize allowed: b, no holder, pulls it to its store path",
                        List.of(seal("pa", "a", LOTS), store("pa2", "a", LOTS), store("pb", "b", LOTS)),
                        files("pa", SEALED, CACHE), task(TaskType.GET, MOVE), Verdict.ACCEPTED, Verdict.ACCEPTED, null),
                new Case("task type: storage does not matter", List.of(), List.of(),
                        task(TaskType.C2, SelectorSpec.TASK_TYPE), Verdict.ACCEPTED, Verdict.ACCEPTED, null));
        for (Case c : cases) {
            StorageSelectors s = new StorageSelectors((w, sector) -> false);
            s.workerOn(WA, "a");
            s.workerOn(WB, "b");
            s.update(new StorageView(c.paths(), c.files()));
            assertEquals(c.a(), s.judge(WA, c.task()), c.name() + ": worker a");
            assertEquals(c.b(), s.judge(WB, c.task()), c.name() + ": worker b");
            assertEquals(c.whyB(), s.refusal(WB, c.task()).orElse(null), c.name() + ": why not b");
        }
    }

    @Test
    void theHoldersOnlyFlagCrossesNodes() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(MOVE_HOLDERS_ONLY, json.readValue(json.writeValueAsString(MOVE_HOLDERS_ONLY), SelectorSpec.class));
        assertTrue(MOVE_HOLDERS_ONLY.holdersOnly());
        assertFalse(MOVE.holdersOnly());
        assertEquals(C1, C1.withRemoteFinalizeDisallowed(), "only a move is about finalize");
    }

    @Test
    void anUnhealthyPathCountsForNothing() {
        StorageSelectors s = new StorageSelectors((w, sector) -> false);
        s.workerOn(WA, "a");
        s.update(new StorageView(List.of(new StorageView.PathInfo("pa", "a", "host-a", true, false, 10, LOTS, false,
                List.of(), List.of(), Set.of(), false)), List.of()));
        assertEquals(Verdict.REFUSED, s.judge(WA, task(TaskType.AP, ALLOC_UNSEALED)));
    }

    @Test
    void aPathThatDeniesATypeDoesNotTakeIt() {
        StorageSelectors s = new StorageSelectors((w, sector) -> false);
        s.workerOn(WA, "a");
        s.update(new StorageView(List.of(new StorageView.PathInfo("pa", "a", "host-a", true, false, 10, LOTS, true,
                List.of(), List.of(), Set.of(CACHE), false)), List.of()));
        assertEquals(Verdict.ACCEPTED, s.judge(WA, task(TaskType.AP, ALLOC_UNSEALED)));
        assertEquals(Verdict.REFUSED, s.judge(WA, task(TaskType.PC1, ALLOC_PC1)));
    }

    @Test
    void withoutAViewOrForASectorTheIndexDoesNotKnowTheWorkersReportsDecide() {
        StorageSelectors s = new StorageSelectors((w, sector) -> w.equals(WB));
        s.workerOn(WA, "a");
        s.workerOn(WB, "b");
        TaskRequest c1 = task(TaskType.C1, C1);
        assertEquals(Verdict.ACCEPTED, s.judge(WA, c1));
        assertEquals(Verdict.PREFERRED, s.judge(WB, c1));
        assertTrue(s.strict(c1));
        assertEquals(Verdict.ACCEPTED, s.judge(WA, task(TaskType.AP, ALLOC_UNSEALED)), "no index: any worker allocates");

        s.update(new StorageView(List.of(seal("pa", "a", LOTS)), List.of()));
        assertEquals(Verdict.PREFERRED, s.judge(WB, c1), "the index knows no file of the sector");
        assertEquals(Verdict.ACCEPTED, s.judge(WA, task(TaskType.PC2, PC2)));

        commit1StaysWithTheUnsealedCopy(s, c1);
        assertTrue(s.strict(task(TaskType.PC2, PC2)), "as without an index, the task waits for the holder");

        s.update(new StorageView(List.of(seal("pa", "a", LOTS), seal("pb", "b", LOTS)), files("pb", SEALED, CACHE)));
        assertFalse(s.strict(task(TaskType.PC2, PC2)), "the index knows the files: a fetch may go elsewhere");

        StorageView.PathInfo away = new StorageView.PathInfo("pb", "b", "host-b", true, false, 10, LOTS, false, List.of(),
                List.of(), Set.of(), false);
        s.update(new StorageView(List.of(seal("pa", "a", LOTS), away), files("pb", SEALED, CACHE)));
        assertTrue(s.strict(task(TaskType.PC2, PC2)), "no healthy copy to fetch: the holder keeps the task");
        assertEquals(Verdict.PREFERRED, s.judge(WB, task(TaskType.PC2, PC2)));
        assertEquals(Verdict.ACCEPTED, s.judge(WA, task(TaskType.PC2, PC2)));

        commit1StaysWithTheUnsealedCopy(s, c1);
    }

    @Test
    void commit1FetchesOnlyWhenNoHolderCanRunItWhilePreCommit2MayGoElsewhere() {
        StorageSelectors s = new StorageSelectors((w, sector) -> false);
        s.workerOn(WA, "a");
        s.workerOn(WB, "b");
        s.update(new StorageView(List.of(seal("pa", "a", LOTS), seal("pb", "b", LOTS)), files("pb", SEALED, CACHE)));
        SelectorSpec fetching = SelectorSpec.existing(EnumSet.of(SEALED, CACHE), true);
        assertTrue(s.strict(task(TaskType.C1, fetching)), "Commit1 waits for a holder that can run it");
        assertFalse(s.strict(task(TaskType.PC2, fetching)), "PreCommit2 may fetch to a free worker");
        assertEquals(Verdict.ACCEPTED, s.judge(WA, task(TaskType.C1, fetching)), "a non-holder may still fetch for it");
        assertEquals(Verdict.PREFERRED, s.judge(WB, task(TaskType.C1, fetching)));
    }

    /** b holds the sector's unsealed copy only: Commit1 stays with b (its layers are not declared yet). */
    private static void commit1StaysWithTheUnsealedCopy(StorageSelectors s, TaskRequest c1) {
        s.update(new StorageView(List.of(seal("pa", "a", LOTS), seal("pb", "b", LOTS)), files("pb", UNSEALED)));
        assertEquals(Verdict.PREFERRED, s.judge(WB, c1), "b holds the sector's unsealed copy: its layers are not declared yet");
        assertEquals(Verdict.REFUSED, s.judge(WA, c1));
        assertEquals("the sector's files are on host-b", s.refusal(WA, c1).orElseThrow());
        assertTrue(s.strict(c1));
    }

    @Test
    void explainSaysWhyAWorkerWithoutStorageIsNoCandidate() {
        StorageSelectors storage = new StorageSelectors((w, sector) -> false);
        SchedulerCore<String> core = new SchedulerCore<>(Parallelism.DEFAULT, AssignerKind.UTILIZATION, new Random(1),
                storage);
        core.addWorker(SchedulerCoreTest.worker("wa", TaskType.PC1));
        core.addWorker(SchedulerCoreTest.worker("wb", TaskType.PC1));
        storage.workerOn(WA, "a");
        storage.workerOn(WB, "b");
        storage.update(new StorageView(List.of(seal("pa", "a", LOTS), seal("pb", "b", 10)), List.of()));
        TaskRequest pc1 = task(TaskType.PC1, ALLOC_PC1);
        core.submit(pc1, "caller", 0);
        core.openWindow(WA, UUID.randomUUID());
        core.openWindow(WB, UUID.randomUUID());

        Map<String, String> why = core.explain(pc1);
        assertEquals("no storage path with space (needs 30.2 KiB, best has 10 B)", why.get("wb (wb)"), why.toString());
        List<SchedulerCore.WindowAssignment<String>> sent = core.trySchedule();
        assertEquals(1, sent.size());
        assertEquals(WA, sent.get(0).worker(), "only the worker with room gets it");
    }
}
