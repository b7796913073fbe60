package io.sealer.core.sched;

import io.sealer.core.task.SectorId;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A {@link SectorLocator} answered by the workers' own reports: the sectors each holds at
 * start (what its executor finds) and the sector of every task it finishes. A worker that
 * leaves takes its sectors with it. Not thread-safe.
 */
public final class ReportedSectors implements SectorLocator {
    private final Map<SectorId, Set<WorkerId>> holders = new HashMap<>();
    private final Map<WorkerId, Set<SectorId>> held = new HashMap<>();

    @Override
    public Set<WorkerId> holders(SectorId sector) {
        Set<WorkerId> s = holders.get(sector);
        return s == null ? Set.of() : Collections.unmodifiableSet(s);
    }

    @Override
    public void reported(WorkerId worker, Collection<SectorId> sectors) {
        for (SectorId s : sectors) {
            holders.computeIfAbsent(s, k -> new LinkedHashSet<>()).add(worker);
            held.computeIfAbsent(worker, k -> new LinkedHashSet<>()).add(s);
        }
    }

    @Override
    public void workerLeft(WorkerId worker) {
        Set<SectorId> gone = held.remove(worker);
        if (gone == null) {
            return;
        }
        for (SectorId s : gone) {
            Set<WorkerId> h = holders.get(s);
            h.remove(worker);
            if (h.isEmpty()) {
                holders.remove(s);
            }
        }
    }
}
