package io.sealer.core.sector;

import io.sealer.core.JsonSerializable;
import io.sealer.core.sched.SelectorSpec;
import io.sealer.core.task.TaskType;

/**
 * One task a sector state runs, with the prepare type and selector the scheduler gets for it
 * (docs/architecture.md, "Sector state machine"). An {@code optional} task runs only where the
 * deployment needs it: FUS for a sector that keeps an unsealed copy. The sealing pipeline of a
 * single node does not run it; the simulator runs every task its input gives a duration.
 */
public record StageTask(TaskType type, TaskType prepType, SelectorSpec selector, boolean optional)
        implements JsonSerializable {

    static StageTask required(TaskType type, TaskType prepType, SelectorSpec selector) {
        return new StageTask(type, prepType, selector, false);
    }

    static StageTask optional(TaskType type, TaskType prepType, SelectorSpec selector) {
        return new StageTask(type, prepType, selector, true);
    }
}
