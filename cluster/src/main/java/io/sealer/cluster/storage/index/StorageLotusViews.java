package io.sealer.cluster.storage.index;

import io.sealer.cluster.rpc.LotusTypes;
import io.sealer.cluster.storage.FileType;
import io.sealer.cluster.storage.PathMeta;
import io.sealer.cluster.storage.StorageIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The storage index in Lotus's shapes, for {@code Filecoin.StorageList} and {@code Filecoin.StorageInfo}. */
public final class StorageLotusViews {
    private StorageLotusViews() {}

    /** Lotus's file type bits: unsealed 1, sealed 2, cache 4, update 8, update-cache 16. */
    static int bit(FileType t) {
        return 1 << t.ordinal();
    }

    /** Every path's ID with the sector files it holds. */
    public static Map<String, List<LotusTypes.Decl>> list(StorageIndexActor.PathList paths) {
        Map<String, List<LotusTypes.Decl>> out = new LinkedHashMap<>();
        for (StorageIndex.PathView v : paths.paths()) {
            List<LotusTypes.Decl> decls = new ArrayList<>();
            v.files().forEach(d -> decls.add(new LotusTypes.Decl(d.sector().miner(), d.sector().number(), bit(d.type()))));
            out.put(v.path().id(), decls);
        }
        return out;
    }

    /** One path's settings and URLs; empty for an unknown ID. */
    public static Optional<LotusTypes.StorageInfo> info(StorageIndexActor.PathList paths, String id) {
        return paths.paths().stream().filter(v -> v.path().id().equals(id)).findFirst().map(v -> {
            PathMeta m = v.path().meta();
            return new LotusTypes.StorageInfo(m.id(), v.path().urls(), m.weight(), m.maxStorage(), m.canSeal(),
                    m.canStore(), m.groups(), m.allowTo(), m.allowTypes(), m.denyTypes(), m.allowMiners(), m.denyMiners());
        });
    }
}
