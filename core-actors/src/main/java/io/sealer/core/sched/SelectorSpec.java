package io.sealer.core.sched;

import io.sealer.core.JsonSerializable;

/**
 * Which workers may take a task (docs/scheduling.md), as data that crosses nodes.
 * TASK_TYPE: any enabled worker that accepts the type. SECTOR_AFFINITY: the same, but workers
 * that already hold the sector's files are preferred and exclude all others (the strong
 * preference of Lotus's move selector), so data stays where it is.
 */
public record SelectorSpec(Kind kind) implements JsonSerializable {
    public enum Kind { TASK_TYPE, SECTOR_AFFINITY }

    public static final SelectorSpec TASK_TYPE = new SelectorSpec(Kind.TASK_TYPE);
    public static final SelectorSpec SECTOR_AFFINITY = new SelectorSpec(Kind.SECTOR_AFFINITY);
}
