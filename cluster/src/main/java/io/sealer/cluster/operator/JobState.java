package io.sealer.cluster.operator;

/**
 * Where a job stands, from its run-wait number: assigned to the n-th window of its worker
 * (runWait = window + 2), prepared, running, or one of the three stages of a returned result.
 */
public enum JobState {
    ASSIGNED, PREPARED, RUNNING, RET_WAIT, RETURNED, RET_DONE;

    /** The run-wait number of a job assigned to window {@code window} (0-based). */
    public static int assignedRunWait(int window) {
        return window + 2;
    }

    public static JobState of(int runWait) {
        return switch (runWait) {
            case 1 -> PREPARED;
            case 0 -> RUNNING;
            case -1 -> RET_WAIT;
            case -2 -> RETURNED;
            case -3 -> RET_DONE;
            default -> {
                if (runWait >= 2) {
                    yield ASSIGNED;
                }
                throw new IllegalArgumentException("run-wait " + runWait + " is not a job state (expected -3 or more)");
            }
        };
    }

    /** The State column: {@code assigned(1)}, {@code prepared}, {@code running}, {@code ret-wait}, ... */
    static String label(int runWait) {
        return switch (of(runWait)) {
            case ASSIGNED -> "assigned(" + (runWait - 1) + ")";
            case PREPARED -> "prepared";
            case RUNNING -> "running";
            case RET_WAIT -> "ret-wait";
            case RETURNED -> "returned";
            case RET_DONE -> "ret-done";
        };
    }
}
