package io.sealer.cluster.sectors.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.sealer.cluster.sectors.SectorsService.SectorView;
import io.sealer.core.sector.SectorInfo;
import java.time.Duration;
import java.time.Instant;

/**
 * One sector as {@code GET /api/v0/sectors} lists it: number, state (its Lotus name), whether
 * it holds deals, since when it is in that state and for how long at the time of the answer,
 * the worker of the task running now ({@code null} when none) and the last error ({@code null}
 * when nothing failed). Times are RFC 3339 strings.
 */
public record SectorRow(long number, String state, boolean deals,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant stateSince, long timeInStateMs,
        String worker, String lastError) {

    public static SectorRow of(SectorView view, Instant now) {
        SectorInfo info = view.info();
        Instant since = info.history().isEmpty() ? now : info.history().get(info.history().size() - 1).at();
        return new SectorRow(info.id().number(), info.state().wireName(), info.deals(), since,
                Math.max(0, Duration.between(since, now).toMillis()), blankToNull(view.runningWorker()), info.lastError());
    }

    public Duration timeInState() {
        return Duration.ofMillis(timeInStateMs);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
