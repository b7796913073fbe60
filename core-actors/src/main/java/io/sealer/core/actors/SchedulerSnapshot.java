package io.sealer.core.actors;

import io.sealer.core.JsonSerializable;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.sched.StorageRule;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sched.WorkerId;
import io.sealer.core.sched.WorkerInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Everything the operator views read from the scheduler at one moment ({@code sealing workers},
 * {@code jobs}, {@code sched-diag}, {@code why}): the queue in order, each worker as the
 * scheduler sees it together with the status its ResourceManager reported for this snapshot,
 * and the calls workers started whose outcome is not acknowledged yet.
 *
 * @param takenAtMs   when the scheduler took it, epoch millis
 * @param parallelism the scheduler's thread rule, which the verdicts of {@code why} need
 */
public record SchedulerSnapshot(long takenAtMs, Parallelism parallelism, List<Worker> workers, List<Queued> queue,
        List<Call> calls) implements JsonSerializable {

    public SchedulerSnapshot {
        workers = List.copyOf(workers);
        queue = List.copyOf(queue);
        calls = List.copyOf(calls);
    }

    /**
     * One registered worker.
     *
     * @param openWindows windows it asked for that the scheduler has not filled
     * @param assigned    tasks sent to it that it has not started (the scheduler's side)
     * @param status      what its ResourceManager answered; null when it did not answer in time
     */
    public record Worker(WorkerInfo info, boolean enabled, boolean reachable, int openWindows, List<UUID> assigned,
            ResourceManager.WorkerStatus status) implements JsonSerializable {
        public Worker {
            assigned = List.copyOf(assigned);
        }

        public Worker withStatus(ResourceManager.WorkerStatus s) {
            return new Worker(info, enabled, reachable, openWindows, assigned, s);
        }
    }

    /**
     * A queued request, in queue order, with when it was queued (epoch millis) and what the
     * scheduler's storage rule said of it at that moment: whether it waits for the workers that
     * hold its files ({@code strict}), those workers ({@code preferred}), and why workers are
     * refused, by worker.
     */
    public record Queued(TaskRequest request, long queuedAtMs, boolean strict, Set<WorkerId> preferred,
            Map<WorkerId, String> refusals) implements JsonSerializable {
        public Queued {
            preferred = Set.copyOf(preferred);
            refusals = Map.copyOf(refusals);
        }

        /** The storage rule as it stood for this request, for its explanations. */
        public StorageRule storageRule() {
            return new StorageRule() {
                @Override
                public Verdict judge(WorkerId worker, TaskRequest t) {
                    return preferred.contains(worker) ? Verdict.PREFERRED
                            : refusals.containsKey(worker) ? Verdict.REFUSED : Verdict.ACCEPTED;
                }

                @Override
                public boolean strict(TaskRequest t) {
                    return strict;
                }

                @Override
                public Optional<String> refusal(WorkerId worker, TaskRequest t) {
                    return Optional.ofNullable(refusals.get(worker));
                }
            };
        }
    }

    /**
     * A call a worker started (or reported after a restart) whose outcome the sector has not
     * acknowledged; {@code request} is null when the worker reported it and no sector asked again.
     */
    public record Call(UUID schedId, WorkerId worker, boolean finished, TaskRequest request) implements JsonSerializable {}
}
