package io.sealer.core.sched;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.sealer.core.resources.Fit;

/**
 * Why a waiting task is not running on a worker, with a stable wire name for the API and
 * scripts (never the ordinal). {@link #NO_WORKER_EVER} is said of a task as a whole. Shared by
 * the scheduler's explanations ({@link Explanations}), the API and the CLI's {@code sealing why}.
 */
public enum WaitReason {
    TASK_TYPE_DISABLED("task-type-disabled"),
    WORKER_DISABLED("worker-disabled"),
    RAM("ram"),
    MEMORY_AND_SWAP("memory-and-swap"),
    THREADS("threads"),
    GPU("gpu"),
    MAX_CONCURRENT("max-concurrent"),
    NO_STORAGE_SPACE("no-storage-space"),
    FILES_ELSEWHERE("files-elsewhere"),
    /** The worker could run it, but every window it asked for holds tasks waiting for its resources. */
    NO_OPEN_WINDOW("no-open-window"),
    /** The worker could run it now; it waits behind higher-priority tasks or for the next pass. */
    BEHIND_OTHER_TASKS("behind-other-tasks"),
    /** Sent to this worker in a window; it starts when the worker's pools let it. */
    IN_WINDOW("in-window"),
    NO_WORKER_EVER("no-worker-ever");

    private final String wireName;

    WaitReason(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static WaitReason ofWireName(String wire) {
        for (WaitReason r : values()) {
            if (r.wireName.equals(wire)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown wait reason '" + wire + "'");
    }

    /** The reason for a failed resource fit check; {@link Fit#OK} is no reason. */
    public static WaitReason of(Fit fit) {
        return switch (fit) {
            case MAX_CONCURRENT -> MAX_CONCURRENT;
            case PHYSICAL_MEMORY -> RAM;
            case VIRTUAL_MEMORY -> MEMORY_AND_SWAP;
            case CPU -> THREADS;
            case GPU -> GPU;
            case OK -> throw new IllegalArgumentException("the task fits; there is no reason to wait");
        };
    }

    /** Whether figures (need, free, total) come with it, and in which unit. */
    public Unit unit() {
        return switch (this) {
            case RAM, MEMORY_AND_SWAP, NO_STORAGE_SPACE -> Unit.BYTES;
            case THREADS -> Unit.THREADS;
            case GPU -> Unit.GPUS;
            case MAX_CONCURRENT -> Unit.SLOTS;
            default -> Unit.NONE;
        };
    }

    public enum Unit { NONE, BYTES, THREADS, GPUS, SLOTS }
}
