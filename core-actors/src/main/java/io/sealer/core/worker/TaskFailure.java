package io.sealer.core.worker;

import io.sealer.core.sched.FailureKind;

/**
 * Thrown by a {@link TaskExecutor} to say how a task failed; any other exception counts as
 * {@link FailureKind#TEMPORARY}.
 */
public final class TaskFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final FailureKind kind;

    public TaskFailure(FailureKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public TaskFailure(FailureKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public FailureKind kind() {
        return kind;
    }

    /** The kind of any throwable: a TaskFailure's own (also when wrapped), else TEMPORARY. */
    public static FailureKind kindOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TaskFailure f) {
                return f.kind();
            }
        }
        return FailureKind.TEMPORARY;
    }
}
