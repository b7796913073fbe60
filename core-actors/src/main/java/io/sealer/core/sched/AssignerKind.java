package io.sealer.core.sched;

/**
 * How a scheduling pass picks one window among those a task fits (docs/scheduling.md); the config
 * value is Lotus's {@code Assigner} setting.
 */
public enum AssignerKind {
    /** First fitting window in sorted order, moving on only to strictly less utilized workers. */
    UTILIZATION("utilization"),
    /** The worker with the fewest tasks assigned in this pass. */
    SPREAD("spread"),
    /** Like spread, counting each worker's current tasks too. */
    SPREAD_QCOUNT("experiment-spread-qcount"),
    /** Like spread, counted per (worker, task type). */
    SPREAD_TASKS("experiment-spread-tasks"),
    /** Per (worker, task type), counting the worker's current tasks of that type. */
    SPREAD_TASKS_QCOUNT("experiment-spread-tasks-qcount"),
    /** Uniformly random among the fitting windows. */
    RANDOM("experiment-random");

    private final String configName;

    AssignerKind(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static AssignerKind parse(String name) {
        if (name == null || name.isBlank()) {
            return UTILIZATION;
        }
        for (AssignerKind k : values()) {
            if (k.configName.equals(name.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown assigner '" + name + "' (expected utilization, spread, "
                + "experiment-spread-qcount, experiment-spread-tasks, experiment-spread-tasks-qcount or experiment-random)");
    }
}
