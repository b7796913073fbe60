package io.sealer.cluster.storage.index;

import java.util.List;

/** The bodies of the storage API (docs/api.md, "Storage"): what `sealer storage ...` sends and shows. */
public final class StorageApi {
    private StorageApi() {}

    /** {@code POST /api/v0/storage/attach}: sizes and weights as typed, so that their errors name them. */
    public record AttachBody(String path, boolean init, boolean seal, boolean store, String weight, String maxStorage,
            List<String> groups, List<String> allowTo) {
        public AttachBody {
            groups = groups == null ? List.of() : List.copyOf(groups);
            allowTo = allowTo == null ? List.of() : List.copyOf(allowTo);
        }
    }

    /** A path just attached. */
    public record Attached(String id, String path, boolean seal, boolean store, long weight, long maxStorage) {}

    /** A sector file on a path. */
    public record FileEntry(String sector, String type, boolean primary) {}

    /** One path of {@code GET /api/v0/storage/list}. */
    public record PathEntry(String node, String host, String id, boolean seal, boolean store, long weight,
            long maxStorage, long capacity, long available, long reserved, long used, List<String> groups,
            List<String> allowTo, boolean healthy, String error, List<String> urls, List<FileEntry> files) {
        public PathEntry {
            groups = List.copyOf(groups);
            allowTo = List.copyOf(allowTo);
            urls = List.copyOf(urls);
            files = List.copyOf(files);
        }
    }

    public record Listing(List<PathEntry> paths) {
        public Listing {
            paths = List.copyOf(paths);
        }
    }

    /** Where one file of a sector is. */
    public record FileLocation(String type, String node, String host, String storageId, boolean primary, boolean healthy,
            List<String> urls) {
        public FileLocation {
            urls = List.copyOf(urls);
        }
    }

    /** {@code GET /api/v0/storage/find/<n>}. */
    public record SectorLocations(String sector, List<FileLocation> files) {
        public SectorLocations {
            files = List.copyOf(files);
        }
    }
}
