package io.sealer.core.sched;

import io.sealer.core.task.SectorId;
import java.util.Collection;
import java.util.Set;

/**
 * Which workers hold a sector's files, for the sector-affinity selector (a PreCommit2 goes
 * where the PreCommit1 layers are). The Scheduler tells it what workers report and when a
 * worker leaves; {@link ReportedSectors} answers from those reports alone, and a storage index
 * that knows better may ignore them. Used from the Scheduler actor's thread only.
 */
public interface SectorLocator {

    /** The workers known to hold {@code sector}'s files; empty when none is. */
    Set<WorkerId> holders(SectorId sector);

    /** {@code worker} says it holds these sectors' files (in addition to what it said before). */
    void reported(WorkerId worker, Collection<SectorId> sectors);

    /** {@code worker} left the cluster; whatever it held is out of reach. */
    void workerLeft(WorkerId worker);

    default boolean holds(WorkerId worker, SectorId sector) {
        return holders(sector).contains(worker);
    }
}
