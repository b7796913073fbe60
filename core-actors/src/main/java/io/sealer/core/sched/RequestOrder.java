package io.sealer.core.sched;

import java.util.Comparator;

/**
 * The queue rule (docs/scheduling.md): a negative-weight task (GET, FIN, ...) before any other
 * regardless of priority; then higher priority; then lower task weight (closer to a finished
 * sector); then lower sector number.
 */
public final class RequestOrder implements Comparator<TaskRequest> {
    public static final RequestOrder INSTANCE = new RequestOrder();

    private RequestOrder() {}

    @Override
    public int compare(TaskRequest a, TaskRequest b) {
        int oa = a.type().orderWeight();
        int ob = b.type().orderWeight();
        if ((oa < 0) != (ob < 0)) {
            return oa < 0 ? -1 : 1;
        }
        if (a.priority() != b.priority()) {
            return a.priority() > b.priority() ? -1 : 1;
        }
        if (oa != ob) {
            return Integer.compare(oa, ob);
        }
        return Long.compare(a.sector().id().number(), b.sector().id().number());
    }
}
