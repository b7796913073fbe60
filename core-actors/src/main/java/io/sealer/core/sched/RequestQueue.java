package io.sealer.core.sched;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The scheduler queue in {@link RequestOrder}, ties by arrival. O(log n) insert and remove
 * (Lotus re-sorts the whole slice on every change).
 */
public final class RequestQueue<R> implements Iterable<QueuedTask<R>> {
    private final Comparator<QueuedTask<R>> order = Comparator
            .<QueuedTask<R>, TaskRequest>comparing(QueuedTask::request, RequestOrder.INSTANCE)
            .thenComparingLong(QueuedTask::seq);
    private final TreeSet<QueuedTask<R>> sorted = new TreeSet<>(order);
    private final Map<UUID, QueuedTask<R>> byId = new HashMap<>();
    private long nextSeq;

    /** Adds a request; returns false (and adds nothing) if its schedId is already queued. */
    public boolean push(TaskRequest request, R reply, long now) {
        if (byId.containsKey(request.schedId())) {
            return false;
        }
        QueuedTask<R> q = new QueuedTask<>(request, reply, nextSeq++, now);
        sorted.add(q);
        byId.put(request.schedId(), q);
        return true;
    }

    /** Puts back a task that was taken out, keeping its original arrival order. */
    public void requeue(QueuedTask<R> q) {
        if (byId.putIfAbsent(q.request().schedId(), q) == null) {
            sorted.add(q);
        }
    }

    /** Gives a queued request a new reply handle, keeping its place; false if it is not queued. */
    public boolean replaceReply(UUID schedId, R reply) {
        QueuedTask<R> q = byId.get(schedId);
        if (q == null) {
            return false;
        }
        sorted.remove(q);
        QueuedTask<R> n = new QueuedTask<>(q.request(), reply, q.seq(), q.enqueuedAt());
        sorted.add(n);
        byId.put(schedId, n);
        return true;
    }

    public QueuedTask<R> remove(UUID schedId) {
        QueuedTask<R> q = byId.remove(schedId);
        if (q != null) {
            sorted.remove(q);
        }
        return q;
    }

    /** Removes the i-th task in queue order (the queue test of docs/scheduling.md). */
    public QueuedTask<R> removeAt(int index) {
        Iterator<QueuedTask<R>> it = sorted.iterator();
        for (int i = 0; i < index; i++) {
            it.next();
        }
        QueuedTask<R> q = it.next();
        it.remove();
        byId.remove(q.request().schedId());
        return q;
    }

    public QueuedTask<R> get(UUID schedId) {
        return byId.get(schedId);
    }

    public boolean contains(UUID schedId) {
        return byId.containsKey(schedId);
    }

    public int size() {
        return byId.size();
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    @Override
    public Iterator<QueuedTask<R>> iterator() {
        return sorted.iterator();
    }

    public List<QueuedTask<R>> toList() {
        return new ArrayList<>(sorted);
    }
}
