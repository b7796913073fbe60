package io.sealer.core.sched;

/**
 * Why a task failed, as the sector state machine needs to know it to pick its failure route
 * (after damocles' Temporary / Permanent split, with Lotus's routes for missing and bad files).
 */
public enum FailureKind {
    /** Anything that may go away on its own (I/O hiccup, worker lost): retry the same task after a backoff. */
    TEMPORARY,
    /** An input file the task needs is missing or unreadable: go back to the stage that writes it. */
    MISSING_INPUT,
    /** The task ran but its output (or an earlier stage's output it checked) is wrong: redo from PreCommit1. */
    BAD_OUTPUT,
    /** Retrying cannot help (bad parameters, unsupported proof): the sector fails. */
    PERMANENT
}
