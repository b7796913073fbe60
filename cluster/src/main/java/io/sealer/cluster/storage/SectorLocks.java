package io.sealer.cluster.storage;

import io.sealer.core.task.SectorId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Per-sector, per-file-type read/write locks as a pure table: many readers or one writer per
 * (sector, type). A request takes all of its locks or none. Not thread-safe; its owner
 * serializes calls (the index actor).
 */
public final class SectorLocks {
    /** Who holds one (sector, type): a writer, or readers (holder names; a holder reading twice counts twice). */
    public record Held(String writer, Map<String, Integer> readers) {}

    private final Map<SectorId, Map<FileType, Lock>> table = new HashMap<>();

    private static final class Lock {
        String writer;
        final Map<String, Integer> readers = new HashMap<>();

        boolean free() {
            return writer == null && readers.isEmpty();
        }
    }

    /** Takes read locks on {@code read} and write locks on {@code write} for {@code holder}, all or none. */
    public boolean tryLock(SectorId sector, Set<FileType> read, Set<FileType> write, String holder) {
        Set<FileType> overlap = new HashSet<>(read);
        overlap.retainAll(write);
        if (!overlap.isEmpty()) {
            throw new IllegalArgumentException("cannot lock " + overlap + " of " + sector + " for both reading and writing");
        }
        Map<FileType, Lock> locks = table.computeIfAbsent(sector, s -> new EnumMap<>(FileType.class));
        for (FileType t : write) {
            Lock l = locks.get(t);
            if (l != null && !l.free()) {
                cleanUp(sector);
                return false;
            }
        }
        for (FileType t : read) {
            Lock l = locks.get(t);
            if (l != null && l.writer != null) {
                cleanUp(sector);
                return false;
            }
        }
        for (FileType t : write) {
            locks.computeIfAbsent(t, x -> new Lock()).writer = holder;
        }
        for (FileType t : read) {
            locks.computeIfAbsent(t, x -> new Lock()).readers.merge(holder, 1, Integer::sum);
        }
        cleanUp(sector);
        return true;
    }

    /** Releases every lock {@code holder} has on {@code sector}. */
    public void release(SectorId sector, String holder) {
        Map<FileType, Lock> locks = table.get(sector);
        if (locks == null) {
            return;
        }
        for (Lock l : locks.values()) {
            if (holder.equals(l.writer)) {
                l.writer = null;
            }
            l.readers.remove(holder);
        }
        cleanUp(sector);
    }

    /** Releases every lock of every holder {@code gone} matches (a node that left); returns how many holders lost locks. */
    public int releaseAll(Predicate<String> gone) {
        Set<String> released = new HashSet<>();
        for (SectorId sector : List.copyOf(table.keySet())) {
            for (Lock l : table.get(sector).values()) {
                if (l.writer != null && gone.test(l.writer)) {
                    released.add(l.writer);
                    l.writer = null;
                }
                for (String reader : List.copyOf(l.readers.keySet())) {
                    if (gone.test(reader)) {
                        released.add(reader);
                        l.readers.remove(reader);
                    }
                }
            }
            cleanUp(sector);
        }
        return released.size();
    }

    /** What is held on {@code sector}, per type; empty when nothing is. */
    public Map<FileType, Held> held(SectorId sector) {
        Map<FileType, Held> out = new EnumMap<>(FileType.class);
        table.getOrDefault(sector, Map.of()).forEach((t, l) -> out.put(t, new Held(l.writer, Map.copyOf(l.readers))));
        return out;
    }

    private void cleanUp(SectorId sector) {
        Map<FileType, Lock> locks = table.get(sector);
        if (locks != null) {
            locks.values().removeIf(Lock::free);
            if (locks.isEmpty()) {
                table.remove(sector);
            }
        }
    }
}
