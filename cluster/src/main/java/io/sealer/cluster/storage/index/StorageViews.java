package io.sealer.cluster.storage.index;

import io.sealer.cluster.storage.FileType;
import io.sealer.cluster.storage.PathMeta;
import io.sealer.cluster.storage.StorageIndex;
import io.sealer.core.sched.StorageView;
import io.sealer.core.task.SectorFileType;
import io.sealer.core.task.SectorId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the Scheduler's {@link StorageView} from the index: paths with their node's cluster address, and declarations. */
final class StorageViews {
    /** Where a node is: its cluster address and its name. */
    record Node(String address, String host) {}

    private StorageViews() {}

    /**
     * @param nodes by node name; a node not reported since the index started has no address yet
     * @param awaiting whether the index started so recently that a path not reported yet still counts as awaited
     */
    static StorageView of(StorageIndex index, Map<String, Node> nodes, boolean awaiting) {
        List<StorageView.PathInfo> paths = new ArrayList<>();
        Map<SectorId, Map<FileType, List<String>>> files = new LinkedHashMap<>();
        for (StorageIndex.PathView p : index.paths()) {
            PathMeta m = p.path().meta();
            Node node = nodes.getOrDefault(p.path().node(), new Node("", p.path().node()));
            EnumSet<SectorFileType> denied = EnumSet.noneOf(SectorFileType.class);
            for (FileType t : FileType.values()) {
                if (!m.allows(t)) {
                    denied.add(t.core());
                }
            }
            paths.add(new StorageView.PathInfo(m.id(), node.address(), node.host(), m.canSeal(), m.canStore(), m.weight(),
                    p.available(), p.healthy(), m.groups(), m.allowTo(), denied,
                    awaiting && p.lastHeartbeat() == null));
            for (StorageIndex.Declaration d : p.files()) {
                files.computeIfAbsent(d.sector(), s -> new LinkedHashMap<>())
                        .computeIfAbsent(d.type(), t -> new ArrayList<>()).add(d.storageId());
            }
        }
        List<StorageView.SectorFiles> out = new ArrayList<>();
        files.forEach((sector, byType) -> byType.forEach((type, ids) ->
                out.add(new StorageView.SectorFiles(sector, type.core(), ids))));
        return new StorageView(paths, out);
    }
}
