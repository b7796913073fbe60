package io.sealer.cluster.storage;

import io.sealer.core.JsonSerializable;
import io.sealer.core.resources.Bytes;
import io.sealer.core.task.SectorId;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The cluster's storage index, pure and in memory: every attached path (its sectorstore.json,
 * node and /remote URLs) with its latest filesystem stats and heartbeat, which path holds which
 * sector file, and the space reserved for allocations in flight. It answers best-allocation,
 * find-sector and {@link SectorLocator} queries. A path that has not reported for
 * {@link #STALE_AFTER} (5 heartbeats of 10 s) or that reported an error is excluded from
 * allocation, fetch candidates and location answers. Not thread-safe: one owner (an actor)
 * serializes calls. {@link #snapshot()} and {@link #restore} persist the paths and declarations
 * (stats, heartbeats and reservations are live data and start empty).
 */
public final class StorageIndex implements SectorLocator {
    public static final Duration HEARTBEAT_PERIOD = Duration.ofSeconds(10);
    public static final Duration STALE_AFTER = HEARTBEAT_PERIOD.multipliedBy(5);

    /** An attached path: its sectorstore.json, the node it is on, and the node's /remote base URLs. */
    public record PathRecord(PathMeta meta, String node, List<String> urls) implements JsonSerializable {
        public PathRecord {
            urls = List.copyOf(urls);
        }

        public String id() {
            return meta.id();
        }
    }

    /** A sector file on a path; the primary copy is the one kept when redundant copies are removed. */
    public record Declaration(SectorId sector, FileType type, String storageId, boolean primary)
            implements JsonSerializable {}

    /** What {@link #snapshot()} saves. */
    public record Snapshot(List<PathRecord> paths, List<Declaration> declarations) implements JsonSerializable {
        public Snapshot {
            paths = List.copyOf(paths);
            declarations = List.copyOf(declarations);
        }
    }

    /** A path as {@code storage list} shows it. */
    public record PathView(PathRecord path, FsStat stat, long reserved, long available, Instant lastHeartbeat,
            String error, boolean healthy, List<Declaration> files) {}

    /** Where a sector's files are (or could be fetched to, with weight 0 and no types). */
    public record SectorLocation(PathRecord path, long weight, boolean primary, Set<FileType> types) {
        /** The URLs to get {@code type} of {@code sector} from this path's node. */
        public List<String> urls(FileType type, SectorId sector) {
            return path.urls().stream().map(u -> remoteUrl(u, type, sector)).toList();
        }
    }

    /** Space held for an allocation in flight until it is released (on success or failure). */
    public record Reservation(long id, String storageId, long bytes) {}

    private static final class Entry {
        PathRecord record;
        FsStat stat = new FsStat(0, 0, 0);
        Instant lastHeartbeat;
        String error;

        Entry(PathRecord record) {
            this.record = record;
        }
    }

    private final Clock clock;
    private final Map<String, Entry> paths = new LinkedHashMap<>();
    private final Map<SectorId, Map<FileType, Map<String, Boolean>>> sectors = new HashMap<>();
    private final Map<Long, Reservation> reservations = new HashMap<>();
    private long nextReservation = 1;

    public StorageIndex(Clock clock) {
        this.clock = clock;
    }

    /** {@code <base>/<type>/s-t0<miner>-<n>}. */
    public static String remoteUrl(String base, FileType type, SectorId sector) {
        return (base.endsWith("/") ? base : base + "/") + type.dir() + "/" + SectorName.of(sector);
    }

    /** Whether {@code storageId} is in the index (for attach: a path must not be attached twice). */
    public boolean contains(String storageId) {
        return paths.containsKey(storageId);
    }

    /**
     * Adds a path, or updates one its node re-attaches (after a restart); with its first stats
     * as a heartbeat. A path already attached on another node is refused.
     */
    public void attach(PathRecord record, FsStat stat) throws StorageException {
        Entry e = paths.get(record.id());
        if (e != null && !e.record.node().equals(record.node())) {
            throw new StorageException("storage path ID " + record.id() + " is already attached on node "
                    + e.record.node());
        }
        if (e == null) {
            e = new Entry(record);
            paths.put(record.id(), e);
        }
        e.record = record;
        beat(e, stat);
    }

    /**
     * Adds a path or replaces its record (a later record wins; replaying persisted attaches),
     * keeping its stats and declarations. It counts as healthy only after a heartbeat.
     */
    public void put(PathRecord record) {
        Entry e = paths.get(record.id());
        if (e == null) {
            paths.put(record.id(), new Entry(record));
        } else {
            e.record = record;
        }
    }

    /** The node {@code storageId} is attached on, when that is not {@code node}. */
    public Optional<String> attachedOnOtherNode(String storageId, String node) {
        Entry e = paths.get(storageId);
        return e == null || e.record.node().equals(node) ? Optional.empty() : Optional.of(e.record.node());
    }

    public Optional<PathRecord> record(String storageId) {
        Entry e = paths.get(storageId);
        return e == null ? Optional.empty() : Optional.of(e.record);
    }

    /** Whether {@code storageId} is declared to hold {@code type} of {@code sector}. */
    public boolean declared(SectorId sector, FileType type, String storageId) {
        return sectors.getOrDefault(sector, Map.of()).getOrDefault(type, Map.of()).containsKey(storageId);
    }

    /** Removes a path with its declarations and reservations. */
    public void detach(String storageId) {
        paths.remove(storageId);
        reservations.values().removeIf(r -> r.storageId().equals(storageId));
        sectors.values().forEach(byType -> byType.values().forEach(ids -> ids.remove(storageId)));
        sectors.values().forEach(byType -> byType.values().removeIf(Map::isEmpty));
        sectors.values().removeIf(Map::isEmpty);
    }

    public void heartbeat(String storageId, FsStat stat) throws StorageException {
        beat(entry(storageId), stat);
    }

    /** A heartbeat that carries an error (the node could not stat the path): the path is excluded until a good one. */
    public void heartbeatFailed(String storageId, String error) throws StorageException {
        Entry e = entry(storageId);
        e.lastHeartbeat = clock.instant();
        e.error = error;
    }

    private void beat(Entry e, FsStat stat) {
        e.stat = stat;
        e.lastHeartbeat = clock.instant();
        e.error = null;
    }

    /** Whether a path has reported without error within {@link #STALE_AFTER}. */
    public boolean healthy(String storageId) {
        Entry e = paths.get(storageId);
        return e != null && healthy(e);
    }

    private boolean healthy(Entry e) {
        return e.error == null && e.lastHeartbeat != null
                && !e.lastHeartbeat.plus(STALE_AFTER).isBefore(clock.instant());
    }

    /** Free bytes for new data: the filesystem's free space, capped by MaxStorage less what the path uses, less reservations. */
    public long available(String storageId) throws StorageException {
        return available(entry(storageId));
    }

    private long available(Entry e) {
        long free = e.stat.fsAvailable();
        long max = e.record.meta().maxStorage();
        if (max > 0) {
            free = Math.min(free, Math.max(0, max - e.stat.used()));
        }
        return Math.max(0, free - reserved(e.record.id()));
    }

    private long reserved(String storageId) {
        return reservations.values().stream().filter(r -> r.storageId().equals(storageId))
                .mapToLong(Reservation::bytes).sum();
    }

    /** Records that {@code storageId} holds {@code sector}'s {@code type} file. */
    public void declare(SectorId sector, FileType type, String storageId, boolean primary) throws StorageException {
        entry(storageId);
        Map<String, Boolean> ids = sectors.computeIfAbsent(sector, s -> new EnumMap<>(FileType.class))
                .computeIfAbsent(type, t -> new LinkedHashMap<>());
        ids.merge(storageId, primary, Boolean::logicalOr);
    }

    /** Records that {@code storageId} no longer holds {@code sector}'s {@code type} file. */
    public void drop(SectorId sector, FileType type, String storageId) {
        Map<FileType, Map<String, Boolean>> byType = sectors.get(sector);
        if (byType == null) {
            return;
        }
        Map<String, Boolean> ids = byType.get(type);
        if (ids != null) {
            ids.remove(storageId);
            if (ids.isEmpty()) {
                byType.remove(type);
            }
        }
        if (byType.isEmpty()) {
            sectors.remove(sector);
        }
    }

    /** Reserves on {@code storageId} the space {@code types} of a sector need; refused when it has not that much. */
    public Reservation reserve(String storageId, Set<FileType> types, long sectorSize, SpaceModel.PathType pathType)
            throws StorageException {
        Entry e = entry(storageId);
        long need = SpaceModel.needed(types, sectorSize, pathType);
        long free = available(e);
        if (free < need) {
            throw new StorageException("storage path " + storageId + " has " + Bytes.format(free)
                    + " available but " + types + " of a " + Bytes.format(sectorSize) + " sector need "
                    + Bytes.format(need));
        }
        Reservation r = new Reservation(nextReservation++, storageId, need);
        reservations.put(r.id(), r);
        return r;
    }

    /** Gives a reservation's space back; releasing twice is harmless. */
    public void release(long reservationId) {
        reservations.remove(reservationId);
    }

    /**
     * The paths that can take new {@code types} of a sector of {@code miner}: CanSeal for sealing
     * or CanStore for storage, passing the type and miner filters, healthy, with the space; sorted
     * by available x weight, best first.
     */
    public List<PathRecord> bestAllocation(long miner, Set<FileType> types, long sectorSize,
            SpaceModel.PathType pathType) throws StorageException {
        long need = SpaceModel.needed(types, sectorSize, pathType);
        List<Entry> fit = new ArrayList<>();
        for (Entry e : paths.values()) {
            PathMeta m = e.record.meta();
            boolean kind = pathType == SpaceModel.PathType.SEALING ? m.canSeal() : m.canStore();
            if (kind && m.allowsMiner(miner) && types.stream().allMatch(m::allows) && healthy(e)
                    && available(e) >= need) {
                fit.add(e);
            }
        }
        if (fit.isEmpty()) {
            throw new StorageException("no storage path with space for " + types + " of a " + Bytes.format(sectorSize)
                    + " sector (" + (pathType == SpaceModel.PathType.SEALING ? "sealing" : "storage") + ", needs "
                    + Bytes.format(need) + ")");
        }
        fit.sort(Comparator.comparing((Entry e) -> BigInteger.valueOf(available(e))
                .multiply(BigInteger.valueOf(e.record.meta().weight()))).reversed());
        return fit.stream().map(e -> e.record).toList();
    }

    /**
     * The healthy paths holding any of {@code types} of {@code sector} (weight = path weight x matching
     * types; a path that cannot answer is no source), and with {@code allowFetch} every other healthy CanSeal path that could take them
     * (weight 0). A fetch candidate must accept the types and have the space; and when every
     * source path restricts who may pull from it (AllowTo), it must be in one of those groups.
     */
    public List<SectorLocation> findSector(SectorId sector, Set<FileType> types, long sectorSize, boolean allowFetch) {
        Map<String, Set<FileType>> held = new LinkedHashMap<>();
        Map<String, Boolean> primary = new HashMap<>();
        Map<FileType, Map<String, Boolean>> byType = sectors.getOrDefault(sector, Map.of());
        for (FileType t : types) {
            byType.getOrDefault(t, Map.of()).forEach((id, p) -> {
                held.computeIfAbsent(id, x -> EnumSet.noneOf(FileType.class)).add(t);
                primary.merge(id, p, Boolean::logicalOr);
            });
        }
        List<SectorLocation> out = new ArrayList<>();
        Set<String> allowTo = new HashSet<>();
        boolean restricted = true;
        for (Map.Entry<String, Set<FileType>> h : held.entrySet()) {
            Entry e = paths.get(h.getKey());
            if (e == null || !healthy(e)) {
                continue;
            }
            out.add(new SectorLocation(e.record, e.record.meta().weight() * h.getValue().size(),
                    primary.get(h.getKey()), Set.copyOf(h.getValue())));
            if (e.record.meta().allowTo().isEmpty()) {
                restricted = false;
            }
            allowTo.addAll(e.record.meta().allowTo());
        }
        if (!allowFetch) {
            return out;
        }
        long need = SpaceModel.needed(types, sectorSize, SpaceModel.PathType.SEALING);
        for (Entry e : paths.values()) {
            PathMeta m = e.record.meta();
            if (held.containsKey(m.id()) || !m.canSeal() || !healthy(e) || available(e) < need
                    || !types.stream().allMatch(m::allows)) {
                continue;
            }
            if (restricted && m.groups().stream().noneMatch(allowTo::contains)) {
                continue;
            }
            out.add(new SectorLocation(e.record, 0, false, Set.of()));
        }
        return out;
    }

    @Override
    public List<String> nodesHolding(SectorId sector, Set<FileType> types) {
        Map<String, Set<FileType>> covered = new TreeMap<>();
        Map<String, Long> weight = new HashMap<>();
        Map<FileType, Map<String, Boolean>> byType = sectors.getOrDefault(sector, Map.of());
        for (FileType t : types) {
            for (String id : byType.getOrDefault(t, Map.of()).keySet()) {
                Entry e = paths.get(id);
                if (e != null && healthy(e)) {
                    covered.computeIfAbsent(e.record.node(), n -> EnumSet.noneOf(FileType.class)).add(t);
                    weight.merge(e.record.node(), e.record.meta().weight(), Long::sum);
                }
            }
        }
        return covered.entrySet().stream().filter(c -> c.getValue().containsAll(types)).map(Map.Entry::getKey)
                .sorted(Comparator.comparing((String n) -> weight.get(n)).reversed()).toList();
    }

    /** Every path with its figures and the sector files declared on it. */
    public List<PathView> paths() {
        Map<String, List<Declaration>> files = declarations().stream()
                .collect(Collectors.groupingBy(Declaration::storageId));
        return paths.values().stream().map(e -> new PathView(e.record, e.stat, reserved(e.record.id()), available(e),
                e.lastHeartbeat, e.error, healthy(e), files.getOrDefault(e.record.id(), List.of()))).toList();
    }

    public Snapshot snapshot() {
        return new Snapshot(paths.values().stream().map(e -> e.record).toList(), declarations());
    }

    /** An index holding {@code snapshot}'s paths and declarations; each path counts as healthy after its next heartbeat. */
    public static StorageIndex restore(Snapshot snapshot, Clock clock) {
        StorageIndex index = new StorageIndex(clock);
        for (PathRecord p : snapshot.paths()) {
            index.paths.put(p.id(), new Entry(p));
        }
        for (Declaration d : snapshot.declarations()) {
            if (index.paths.containsKey(d.storageId())) {
                index.sectors.computeIfAbsent(d.sector(), s -> new EnumMap<>(FileType.class))
                        .computeIfAbsent(d.type(), t -> new LinkedHashMap<>()).put(d.storageId(), d.primary());
            }
        }
        return index;
    }

    private List<Declaration> declarations() {
        List<Declaration> out = new ArrayList<>();
        sectors.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<SectorId, ?> s) -> s.getKey().miner())
                        .thenComparing(s -> s.getKey().number()))
                .forEach(s -> s.getValue().forEach((t, ids) -> ids.forEach((id, p) -> out.add(new Declaration(s.getKey(),
                        t, id, p)))));
        return out;
    }

    private Entry entry(String storageId) throws StorageException {
        Entry e = paths.get(storageId);
        if (e == null) {
            throw new StorageException("unknown storage path ID " + storageId);
        }
        return e;
    }
}
