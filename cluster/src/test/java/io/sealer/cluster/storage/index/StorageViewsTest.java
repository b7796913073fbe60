package io.sealer.cluster.storage.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.storage.FileType;
import io.sealer.cluster.storage.FsStat;
import io.sealer.cluster.storage.MutableClock;
import io.sealer.cluster.storage.PathMeta;
import io.sealer.cluster.storage.StorageIndex;
import io.sealer.core.sched.SelectorSpec;
import io.sealer.core.sched.StorageRule;
import io.sealer.core.sched.StorageSelectors;
import io.sealer.core.sched.StorageView;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sched.WorkerId;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorFileType;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** From the index to the Scheduler: a path's MaxStorage, type filters and node reach the selectors through the view. */
class StorageViewsTest {
    private static final long GIB = 1L << 30;
    private static final WorkerId W = new WorkerId("w");

    private static TaskRequest task(TaskType type, SelectorSpec selector) {
        return TaskRequest.of(new SectorRef(new SectorId(1000, 1), SealProof.STACKED_DRG_2KIB_V1_1), type, 0)
                .withSelector(selector);
    }

    @Test
    void aMaxStorageTooSmallForTheCacheMeansNoStoragePathWithSpace() throws Exception {
        StorageIndex index = new StorageIndex(new MutableClock());
        PathMeta small = new PathMeta("p", 10, true, false, 10 * 1024, List.of("g"), List.of(), List.of(),
                List.of("update"), List.of(), List.of());
        index.attach(new StorageIndex.PathRecord(small, "w:/repo", List.of("http://w:1/remote")),
                new FsStat(100 * GIB, 50 * GIB, 0));
        index.declare(new SectorId(1000, 1), FileType.UNSEALED, "p", true);

        StorageView view = StorageViews.of(index, Map.of("w:/repo", new StorageViews.Node("pekko://sealer@w:1", "w")), false);
        StorageView.PathInfo p = view.paths().get(0);
        assertEquals("pekko://sealer@w:1", p.node());
        assertEquals(10 * 1024, p.available(), "MaxStorage caps what is available");
        assertEquals(EnumSet.of(SectorFileType.UPDATE), EnumSet.copyOf(p.denied()));
        assertEquals(List.of(new StorageView.SectorFiles(new SectorId(1000, 1), SectorFileType.UNSEALED, List.of("p"))),
                view.files());

        StorageSelectors selectors = new StorageSelectors((w, s) -> false);
        selectors.workerOn(W, "pekko://sealer@w:1");
        selectors.update(view);
        assertEquals(StorageRule.Verdict.ACCEPTED, selectors.judge(W, task(TaskType.AP,
                SelectorSpec.allocate(EnumSet.of(SectorFileType.UNSEALED), SelectorSpec.PathKind.SEALING))));
        TaskRequest pc1 = task(TaskType.PC1, SelectorSpec.allocate(EnumSet.of(SectorFileType.SEALED, SectorFileType.CACHE),
                SelectorSpec.PathKind.SEALING));
        assertEquals(StorageRule.Verdict.REFUSED, selectors.judge(W, pc1));
        assertEquals("no storage path with space (needs 30.2 KiB, best has 10 KiB)", selectors.refusal(W, pc1).orElseThrow());
        assertTrue(selectors.refusal(W, task(TaskType.PC1, SelectorSpec.allocate(EnumSet.of(SectorFileType.UPDATE),
                SelectorSpec.PathKind.SEALING))).orElseThrow().contains("no storage path with space"), "update is denied");
    }
}
