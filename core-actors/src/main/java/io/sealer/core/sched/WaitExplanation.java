package io.sealer.core.sched;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sealer.core.JsonSerializable;
import io.sealer.core.task.TaskType;
import java.util.List;
import java.util.UUID;

/**
 * Why the tasks of one sector wait: for each waiting task, its wait, its place in the queue and,
 * per worker, the reason it cannot run there now. The data of {@code sealer sealing why} and of
 * the API's {@code Sealer.SectorWhy}; the CLI's WhyView turns it into text.
 */
public record WaitExplanation(
        @JsonProperty("Miner") long miner,
        @JsonProperty("Sector") long sector,
        @JsonProperty("Tasks") List<WaitingTask> tasks) implements JsonSerializable {

    public WaitExplanation {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    /**
     * One waiting task.
     *
     * @param place    its 1-based place in the scheduler's queue; 0 once sent to a worker's window
     * @param reason   {@link WaitReason#NO_WORKER_EVER} when no worker could ever run it as the
     *                 cluster stands (derived from {@code workers}; what is passed is ignored)
     */
    public record WaitingTask(
            @JsonProperty("Task") TaskType task,
            @JsonProperty("SchedId") UUID schedId,
            @JsonProperty("WaitedMs") long waitedMs,
            @JsonProperty("Place") int place,
            @JsonProperty("QueueLength") int queueLength,
            @JsonProperty("Workers") List<WorkerVerdict> workers,
            @JsonProperty("Reason") @JsonInclude(JsonInclude.Include.NON_NULL) WaitReason reason) {

        public WaitingTask {
            workers = workers == null ? List.of() : List.copyOf(workers);
            reason = workers.stream().allMatch(WorkerVerdict::permanent) ? WaitReason.NO_WORKER_EVER : null;
        }

        public WaitingTask(TaskType task, UUID schedId, long waitedMs, int place, int queueLength,
                List<WorkerVerdict> workers) {
            this(task, schedId, waitedMs, place, queueLength, workers, null);
        }
    }

    /**
     * Why one worker does not run the task now, with the figures that decided it: what the task
     * needs, what the worker has free, and the worker's whole amount (bytes, threads, GPUs, or
     * task slots for {@link WaitReason#MAX_CONCURRENT}). {@link WaitReason#NO_STORAGE_SPACE} may
     * come as the storage rule's phrase in {@code detail} instead of figures.
     */
    public record WorkerVerdict(
            @JsonProperty("Worker") UUID worker,
            @JsonProperty("Hostname") String hostname,
            @JsonProperty("Reason") WaitReason reason,
            @JsonProperty("Need") @JsonInclude(JsonInclude.Include.NON_NULL) Number need,
            @JsonProperty("Free") @JsonInclude(JsonInclude.Include.NON_NULL) Number free,
            @JsonProperty("Total") @JsonInclude(JsonInclude.Include.NON_NULL) Number total,
            @JsonProperty("Detail") @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {

        public WorkerVerdict {
            if (worker == null || reason == null || reason == WaitReason.NO_WORKER_EVER) {
                throw new IllegalArgumentException("a worker verdict needs a worker and a per-worker reason");
            }
            boolean phrase = reason == WaitReason.NO_STORAGE_SPACE && detail != null && need == null;
            if (reason.unit() != WaitReason.Unit.NONE && !phrase && (need == null || free == null || total == null)) {
                throw new IllegalArgumentException("reason " + reason.wireName() + " needs its figures (need, free, total)");
            }
            hostname = hostname == null ? "" : hostname;
            need = normalize(need);
            free = normalize(free);
            total = normalize(total);
        }

        /** A verdict that carries no figures. */
        public static WorkerVerdict of(UUID worker, String hostname, WaitReason reason, String detail) {
            return new WorkerVerdict(worker, hostname, reason, null, null, null, detail);
        }

        /** A verdict with its figures. */
        public static WorkerVerdict withFigures(UUID worker, String hostname, WaitReason reason, Number need, Number free,
                Number total) {
            return new WorkerVerdict(worker, hostname, reason, need, free, total, null);
        }

        /**
         * Whether waiting cannot help on this worker: the task needs more than the worker has in
         * all, or its type is not enabled there (that takes an operator).
         */
        public boolean permanent() {
            if (reason == WaitReason.TASK_TYPE_DISABLED) {
                return true;
            }
            return reason.unit() != WaitReason.Unit.NONE && reason != WaitReason.MAX_CONCURRENT && need != null
                    && need.doubleValue() > total.doubleValue();
        }

        /** Whole numbers as Long, fractions as Double, so that a verdict reads back equal. */
        private static Number normalize(Number n) {
            if (n == null) {
                return null;
            }
            if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
                return n.longValue();
            }
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 0x1p53 ? (Number) n.longValue() : (Number) d;
        }
    }
}
