package io.sealer.core.sched;

import io.sealer.core.resources.Bytes;
import io.sealer.core.task.SectorFileType;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The storage-aware selectors of Lotus over the storage index's latest {@link StorageView}
 * (docs/scheduling.md, "Storage-aware selectors"). A worker's storage is its node's paths (the
 * node is the cluster address of its ResourceManager; worker ids change at each restart, paths
 * do not). ALLOCATE accepts a worker whose node has a path of the kind asked for with the
 * space; EXISTING prefers the nodes holding the files and, with a fetch allowed, accepts those
 * with a sealing path that could take them (AllowTo groups respected); MOVE prefers a node that
 * already stores the files and accepts one with a storage path with the space (with remote
 * finalize disallowed, only among the nodes already holding some file of the sector).
 *
 * <p>When the index has the files a task needs on no healthy path but other files of the sector
 * on some node (the rest not declared yet, as after a miner restart), that node keeps the task.
 * Without a view (no index runs: tests, the single-node run), or for a sector of which the index
 * knows no copy on a healthy path at all (written before the index ran, or its node is gone), the
 * workers' own reports decide as {@link StorageRule#affinity} does. Not thread-safe: the
 * Scheduler actor owns it.
 */
public final class StorageSelectors implements StorageRule {
    private final StorageRule reported;
    private final Map<WorkerId, String> nodeOf = new HashMap<>();
    private StorageView view;
    private Map<String, List<StorageView.PathInfo>> pathsByNode = Map.of();
    private Map<String, StorageView.PathInfo> pathById = Map.of();
    private Map<SectorId, Map<SectorFileType, List<String>>> files = Map.of();

    /** @param reportedHolds whether a worker reported holding a sector's files (the fallback) */
    public StorageSelectors(BiPredicate<WorkerId, SectorId> reportedHolds) {
        this.reported = StorageRule.affinity(reportedHolds);
    }

    /** The index's latest view; null when no index runs. */
    public void update(StorageView next) {
        view = next;
        Map<String, List<StorageView.PathInfo>> byNode = new HashMap<>();
        Map<String, StorageView.PathInfo> byId = new HashMap<>();
        Map<SectorId, Map<SectorFileType, List<String>>> byFile = new HashMap<>();
        if (next != null) {
            for (StorageView.PathInfo p : next.paths()) {
                byNode.computeIfAbsent(p.node(), n -> new ArrayList<>()).add(p);
                byId.put(p.id(), p);
            }
            for (StorageView.SectorFiles f : next.files()) {
                byFile.computeIfAbsent(f.sector(), s -> new EnumMap<>(SectorFileType.class)).put(f.type(), f.storageIds());
            }
        }
        pathsByNode = byNode;
        pathById = byId;
        files = byFile;
    }

    /** {@code worker} runs on the cluster node {@code node}. */
    public void workerOn(WorkerId worker, String node) {
        nodeOf.put(worker, node);
    }

    public void workerLeft(WorkerId worker) {
        nodeOf.remove(worker);
    }

    @Override
    public Verdict judge(WorkerId worker, TaskRequest t) {
        if (!indexed(t)) {
            Set<String> partial = partialHolders(t);
            if (!partial.isEmpty()) {
                return partial.contains(nodeOf.get(worker)) ? Verdict.PREFERRED : Verdict.REFUSED;
            }
            return reported.judge(worker, t);
        }
        return reason(worker, t).isEmpty() ? preferred(worker, t) ? Verdict.PREFERRED : Verdict.ACCEPTED
                : Verdict.REFUSED;
    }

    @Override
    public boolean strict(TaskRequest t) {
        if (!indexed(t)) {
            return !partialHolders(t).isEmpty() || reported.strict(t);
        }
        // Commit1 takes seconds: it may fetch only when no worker holding the files can run it
        // (moving a sector's layers for it never pays), so it waits for a capable holder.
        return t.selector().kind() == SelectorSpec.Kind.EXISTING
                && (!t.selector().allowFetch() || t.type() == TaskType.C1);
    }

    @Override
    public Optional<String> refusal(WorkerId worker, TaskRequest t) {
        if (indexed(t)) {
            return reason(worker, t);
        }
        Set<String> partial = partialHolders(t);
        if (!partial.isEmpty() && !partial.contains(nodeOf.get(worker))) {
            Set<String> hosts = new LinkedHashSet<>();
            pathsByNode.forEach((node, paths) -> {
                if (partial.contains(node)) {
                    hosts.add(paths.get(0).host());
                }
            });
            return Optional.of("the sector's files are on " + String.join(", ", hosts));
        }
        return reported.refusal(worker, t);
    }

    /**
     * For a sector whose needed files the index has on no healthy path: the nodes with a healthy
     * path holding any other of its files (they most likely have the rest, not declared yet, as
     * after a miner restart); empty when there are none, or the selector names no sector's files.
     */
    private Set<String> partialHolders(TaskRequest t) {
        SelectorSpec.Kind kind = t.selector().kind();
        if (view == null || kind != SelectorSpec.Kind.EXISTING && kind != SelectorSpec.Kind.MOVE) {
            return Set.of();
        }
        Set<String> nodes = new HashSet<>();
        files.getOrDefault(t.sector().id(), Map.of()).values().forEach(ids -> ids.forEach(id -> {
            StorageView.PathInfo p = pathById.get(id);
            if (p != null && (p.healthy() || p.awaited())) {
                nodes.add(p.node());
            }
        }));
        return nodes;
    }

    /**
     * Whether the index decides for {@code t}: it runs, the selector asks about storage, and (for
     * a sector's files) it has a copy on a healthy path. Without one (its node is away, or the
     * index restarted and the node has not reported yet) nobody could fetch them, so the workers'
     * reports decide: the worker that holds them keeps the task.
     */
    private boolean indexed(TaskRequest t) {
        SelectorSpec s = t.selector();
        return switch (s.kind()) {
            case TASK_TYPE, SECTOR_AFFINITY -> false;
            case ALLOCATE -> view != null;
            case EXISTING, MOVE -> view != null && hasHealthySource(t);
        };
    }

    private boolean hasHealthySource(TaskRequest t) {
        boolean[] any = {false};
        forEachSource(t, p -> any[0] = true);
        return any[0];
    }

    private boolean preferred(WorkerId worker, TaskRequest t) {
        SelectorSpec s = t.selector();
        return switch (s.kind()) {
            case EXISTING -> holdsAll(nodeOf.get(worker), t, false);
            case MOVE -> holdsAll(nodeOf.get(worker), t, true);
            default -> false;
        };
    }

    /** Empty when {@code worker} may take {@code t}; else why not. */
    private Optional<String> reason(WorkerId worker, TaskRequest t) {
        SelectorSpec s = t.selector();
        String node = nodeOf.get(worker);
        long size = t.sector().proof().sectorSize().bytes();
        return switch (s.kind()) {
            case ALLOCATE -> space(node, s.types(), size, s.path() == SelectorSpec.PathKind.STORAGE, Set.of());
            case MOVE -> {
                if (s.holdersOnly() && !holdsAny(node, t)) {
                    yield Optional.of("remote finalize is disallowed and this worker does not hold the sector");
                }
                yield holdsAll(node, t, true) ? Optional.empty() : space(node, s.types(), size, true, Set.of());
            }
            case EXISTING -> {
                if (holdsAll(node, t, false)) {
                    yield Optional.empty();
                }
                if (!s.allowFetch()) {
                    yield Optional.of("the sector's files are on " + String.join(", ", holderHosts(t)));
                }
                yield space(node, s.types(), size, false, allowTo(t));
            }
            default -> Optional.empty();
        };
    }

    /**
     * Empty when a healthy path of {@code node} of the kind (storage or sealing) accepts
     * {@code types} with the space; else "no storage path with space (needs X, best has Y)".
     * A non-empty {@code allowTo} also requires the path to be in one of those groups.
     */
    private Optional<String> space(String node, Set<SectorFileType> types, long sectorSize, boolean storage,
            Set<String> allowTo) {
        long need = SectorFileType.spaceNeeded(types, sectorSize, storage);
        long best = -1;
        for (StorageView.PathInfo p : pathsByNode.getOrDefault(node, List.of())) {
            if ((storage ? p.canStore() : p.canSeal()) && p.healthy() && p.allows(types)
                    && (allowTo.isEmpty() || p.groups().stream().anyMatch(allowTo::contains))) {
                if (p.available() >= need) {
                    return Optional.empty();
                }
                best = Math.max(best, p.available());
            }
        }
        return Optional.of("no storage path with space (needs " + Bytes.format(need) + ", "
                + (best < 0 ? "this node has no " + (storage ? "storage" : "sealing") + " path"
                        : "best has " + Bytes.format(best)) + ")");
    }

    /** Whether healthy paths of {@code node} (storage paths only, with {@code storage}) hold every type of {@code t}. */
    private boolean holdsAll(String node, TaskRequest t, boolean storage) {
        if (node == null) {
            return false;
        }
        Map<SectorFileType, List<String>> byType = files.getOrDefault(t.sector().id(), Map.of());
        for (SectorFileType type : t.selector().types()) {
            boolean found = false;
            for (String id : byType.getOrDefault(type, List.of())) {
                StorageView.PathInfo p = pathById.get(id);
                if (p != null && p.healthy() && p.node().equals(node) && (!storage || p.canStore())) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** Whether a healthy path of {@code node} (of any kind) holds any file of {@code t}'s sector. */
    private boolean holdsAny(String node, TaskRequest t) {
        for (List<String> ids : files.getOrDefault(t.sector().id(), Map.of()).values()) {
            for (String id : ids) {
                StorageView.PathInfo p = pathById.get(id);
                if (p != null && p.healthy() && p.node().equals(node)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The hosts with a healthy copy of any of {@code t}'s types ("nowhere reachable" when none). */
    private List<String> holderHosts(TaskRequest t) {
        Set<String> hosts = new LinkedHashSet<>();
        forEachSource(t, p -> hosts.add(p.host()));
        return hosts.isEmpty() ? List.of("no reachable node") : List.copyOf(hosts);
    }

    /**
     * The groups a fetch of {@code t}'s files may go to: empty when any source path lets everyone
     * pull from it, else the union of the sources' AllowTo lists.
     */
    private Set<String> allowTo(TaskRequest t) {
        Set<String> groups = new HashSet<>();
        boolean[] open = {false};
        forEachSource(t, p -> {
            if (p.allowTo().isEmpty()) {
                open[0] = true;
            }
            groups.addAll(p.allowTo());
        });
        return open[0] ? Set.of() : groups;
    }

    private void forEachSource(TaskRequest t, java.util.function.Consumer<StorageView.PathInfo> action) {
        Map<SectorFileType, List<String>> byType = files.getOrDefault(t.sector().id(), Map.of());
        for (SectorFileType type : t.selector().types()) {
            for (String id : byType.getOrDefault(type, List.of())) {
                StorageView.PathInfo p = pathById.get(id);
                if (p != null && p.healthy()) {
                    action.accept(p);
                }
            }
        }
    }
}
