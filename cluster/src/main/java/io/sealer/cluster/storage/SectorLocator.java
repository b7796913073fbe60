package io.sealer.cluster.storage;

import io.sealer.core.task.SectorId;
import java.util.List;
import java.util.Set;

/** Where a sector's files are, as the scheduler asks it: the nodes that hold all of the given types. */
public interface SectorLocator {
    /** The nodes with a copy of each of {@code types} of {@code sector}, best (highest total path weight) first. */
    List<String> nodesHolding(SectorId sector, Set<FileType> types);
}
