package io.sealer.core.sched;

import io.sealer.core.JsonSerializable;
import io.sealer.core.task.SectorFileType;
import io.sealer.core.task.SectorId;
import java.util.List;
import java.util.Set;

/**
 * What the miner's storage index knows, as the Scheduler sees it: every attached path with the
 * cluster node it is on and its space and health, and which paths hold which sector files.
 * Immutable; the index sends a new one whenever something changes.
 *
 * @param paths every attached path
 * @param files the sector files declared on them
 */
public record StorageView(List<PathInfo> paths, List<SectorFiles> files) implements JsonSerializable {
    public static final StorageView EMPTY = new StorageView(List.of(), List.of());

    public StorageView {
        paths = List.copyOf(paths);
        files = List.copyOf(files);
    }

    /**
     * One path.
     *
     * @param node the cluster address of its node ({@code pekko://sealer@host:port})
     * @param host the node's name, for explanations
     * @param available bytes free for new data (MaxStorage and reservations counted)
     * @param healthy it reported within the last 5 heartbeats, without error
     * @param denied the file types it may not hold (AllowTypes/DenyTypes)
     * @param awaited not healthy only because its node has not reported since the index started
     *     (just after a miner restart): its files are most likely there
     */
    public record PathInfo(String id, String node, String host, boolean canSeal, boolean canStore, long weight,
            long available, boolean healthy, List<String> groups, List<String> allowTo, Set<SectorFileType> denied,
            boolean awaited) implements JsonSerializable {
        public PathInfo {
            groups = List.copyOf(groups);
            allowTo = List.copyOf(allowTo);
            denied = Set.copyOf(denied);
        }

        public boolean allows(Set<SectorFileType> types) {
            return types.stream().noneMatch(denied::contains);
        }
    }

    /** The paths holding {@code type} of {@code sector}. */
    public record SectorFiles(SectorId sector, SectorFileType type, List<String> storageIds) implements JsonSerializable {
        public SectorFiles {
            storageIds = List.copyOf(storageIds);
        }
    }
}
