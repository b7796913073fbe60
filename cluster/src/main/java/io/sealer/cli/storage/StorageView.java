package io.sealer.cli.storage;

import io.sealer.cluster.storage.index.StorageApi;
import io.sealer.core.resources.Bytes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The text of `sealer storage list` and `sealer storage find`, grouped by node as lotus-miner shows paths. */
final class StorageView {
    private static final int BAR = 40;

    private StorageView() {}

    static String list(StorageApi.Listing listing) {
        if (listing.paths().isEmpty()) {
            return "No storage paths are attached on any node.\n";
        }
        Map<String, List<StorageApi.PathEntry>> byNode = listing.paths().stream().collect(Collectors.groupingBy(
                StorageApi.PathEntry::node, LinkedHashMap::new, Collectors.toList()));
        StringBuilder b = new StringBuilder();
        byNode.forEach((node, paths) -> {
            b.append("Node ").append(node).append('\n');
            for (StorageApi.PathEntry p : paths) {
                long used = Math.max(0, p.capacity() - p.available() - p.reserved());
                int pct = p.capacity() == 0 ? 0 : (int) Math.min(100, used * 100 / p.capacity());
                int fill = pct * BAR / 100;
                b.append("  ").append(p.id()).append(":\n");
                b.append("        [").append("#".repeat(fill)).append(" ".repeat(BAR - fill)).append("] ")
                        .append(Bytes.format(used)).append('/').append(Bytes.format(p.capacity())).append(' ')
                        .append(pct).append("%\n");
                b.append("        Available: ").append(Bytes.format(p.available())).append("; Reserved: ")
                        .append(Bytes.format(p.reserved())).append("; Used by sector files: ").append(Bytes.format(p.used()))
                        .append(p.maxStorage() > 0 ? "; MaxStorage: " + Bytes.format(p.maxStorage()) : "").append('\n');
                b.append("        Weight: ").append(p.weight()).append("; Use: ").append(use(p)).append('\n');
                if (!p.groups().isEmpty() || !p.allowTo().isEmpty()) {
                    b.append("        Groups: ").append(orNone(p.groups())).append("; AllowTo: ").append(orNone(p.allowTo()))
                            .append('\n');
                }
                b.append("        Health: ").append(p.healthy() ? "ok" : p.error() != null ? "error: " + p.error()
                        : "no heartbeat").append('\n');
                p.urls().forEach(u -> b.append("        URL: ").append(u).append('\n'));
                b.append("        ").append(counts(p.files())).append('\n');
                Map<String, List<String>> bySector = new TreeMap<>();
                p.files().forEach(f -> bySector.computeIfAbsent(f.sector(), s -> new java.util.ArrayList<>()).add(f.type()));
                bySector.forEach((s, types) -> b.append("          ").append(s).append(": ")
                        .append(String.join(", ", types)).append('\n'));
            }
        });
        return b.toString();
    }

    static String find(StorageApi.SectorLocations found) {
        if (found.files().isEmpty()) {
            return "No file of " + found.sector() + " is in the storage index.\n";
        }
        StringBuilder b = new StringBuilder();
        b.append(found.sector()).append(":\n");
        for (StorageApi.FileLocation f : found.files()) {
            b.append(String.format(Locale.ROOT, "  %-9s on %s, path %s%s%s%n", f.type(), f.node(), f.storageId(),
                    f.primary() ? " (primary)" : "", f.healthy() ? "" : " (unhealthy)"));
            f.urls().forEach(u -> b.append("            ").append(u).append('\n'));
        }
        return b.toString();
    }

    private static String use(StorageApi.PathEntry p) {
        return p.seal() && p.store() ? "Seal Store" : p.seal() ? "Seal" : p.store() ? "Store" : "none";
    }

    private static String orNone(List<String> l) {
        return l.isEmpty() ? "-" : String.join(",", l);
    }

    private static String counts(List<StorageApi.FileEntry> files) {
        Map<String, Long> n = files.stream().collect(Collectors.groupingBy(StorageApi.FileEntry::type, Collectors.counting()));
        return "Unsealed: " + n.getOrDefault("unsealed", 0L) + "; Sealed: " + n.getOrDefault("sealed", 0L) + "; Caches: "
                + n.getOrDefault("cache", 0L);
    }
}
