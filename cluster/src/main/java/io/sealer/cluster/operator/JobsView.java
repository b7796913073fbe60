package io.sealer.cluster.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The text of {@code sealer sealing jobs [--show-ret-done]}: one aligned row per job, sorted by
 * run-wait (running first, then prepared, then by window), then start time, then call id.
 */
public final class JobsView {
    private static final String NO_ID = "00000000";
    private static final Comparator<JobSnapshot> ORDER = Comparator.comparingInt(JobSnapshot::runWait)
            .thenComparing(JobSnapshot::start, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(j -> j.callId() == null ? "" : j.callId().toString());

    private JobsView() {}

    /**
     * @param hostnames the current hostname of each connected worker, preferred to the one stored
     *                  with the job
     * @param now       the clock the Time column counts from
     */
    public static String render(List<JobSnapshot> jobs, Map<UUID, String> hostnames, Instant now, boolean showRetDone) {
        TabTable table = new TabTable().row(List.of("ID", "Sector", "Worker", "Hostname", "Task", "State", "Time"));
        jobs.stream()
                .filter(j -> showRetDone || j.state() != JobState.RET_DONE)
                .sorted(ORDER)
                .forEach(j -> table.row(List.of(shortId(j.callId()), Long.toString(j.sector()), shortId(j.workerId()),
                        hostname(j, hostnames),
                        j.task().shortName(),
                        JobState.label(j.runWait()),
                        j.start() == null ? "n/a" : GoDuration.tenths(Duration.between(j.start(), now)))));
        return table.render();
    }

    /** The line {@code sealing abort} prints before it aborts {@code job}. */
    public static String aborting(JobSnapshot job, Map<UUID, String> hostnames) {
        return "aborting job " + job.callId() + ", task " + job.task().shortName() + ", sector " + job.sector()
                + ", running on host " + hostname(job, hostnames);
    }

    private static String hostname(JobSnapshot j, Map<UUID, String> hostnames) {
        return j.workerId() == null ? j.hostname() : hostnames.getOrDefault(j.workerId(), j.hostname());
    }

    /** The first 4 bytes of a UUID in hex; all zeros when there is none. */
    static String shortId(UUID id) {
        return id == null ? NO_ID : id.toString().substring(0, 8);
    }
}
