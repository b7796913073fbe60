package io.sealer.cluster.sectors;

import io.sealer.cluster.sealing.NativeTaskExecutor;
import io.sealer.cluster.sealing.PieceParams;
import io.sealer.core.Durations;
import io.sealer.core.sched.TaskOutcome;
import io.sealer.core.sched.SelectorSpec;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sector.SectorEvent;
import io.sealer.core.sector.SectorInfo;
import io.sealer.core.sector.SectorPlanner;
import io.sealer.core.sector.SectorState;
import io.sealer.core.sector.StageTask;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * What a sector's tasks look like to the pipeline, shared by the Sector entity and the
 * in-memory pipeline: the request for a sector's next task, its call id, the event a task's
 * outcome stands for, and the one log line per state change. Pure functions.
 *
 * <p>A call id is {@code <sector>.<state>.<attempt>} ({@code s-t01000-5.PreCommit1.3}), where
 * attempt is the number of the sector's task runs so far plus one: it names one submission of
 * one task, is the same every time the sector (restarted or not) asks for that task again, and
 * changes once an outcome of it is recorded.
 */
public final class SectorTasks {
    private static final Pattern SECTOR = Pattern.compile("s-t0(\\d+)-(\\d+)");
    private static final Pattern CALL_ID = Pattern.compile("(s-t0\\d+-\\d+)\\.[A-Za-z0-9]+\\.\\d+");

    private SectorTasks() {}

    /** The call id of the task the sector waits for now, or null when it runs none. */
    public static String callId(SectorInfo s) {
        if (s.nextTask() == null || s.state().kind() != SectorState.Kind.STAGE) {
            return null;
        }
        return s.id() + "." + s.state().wireName() + "." + (s.taskRuns().size() + 1);
    }

    /** The sector a call id belongs to. */
    public static SectorId sectorOf(String callId) {
        Matcher m = callId == null ? null : CALL_ID.matcher(callId);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + callId + "' is not a sector call id");
        }
        return parseSector(m.group(1));
    }

    /** The sector printed as {@link SectorId#toString()} ({@code s-t01000-5}). */
    public static SectorId parseSector(String text) {
        Matcher m = SECTOR.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a sector id (s-t0<miner>-<number>)");
        }
        return new SectorId(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    /** The request for the sector's next task, named {@code callId} (null for a one-off task). */
    public static TaskRequest request(SectorInfo s, StageTask task, String callId) {
        return request(s, task, callId, true, false);
    }

    /**
     * The request for the sector's next task; a deal sector's Finalize is told to keep the
     * unsealed copy when {@code keepUnsealed} (without it Finalize drops it, as Lotus does);
     * with {@code disallowRemoteFinalize} Finalize's move goes only to a worker that already
     * holds the sector (Lotus's DisallowRemoteFinalize).
     */
    public static TaskRequest request(SectorInfo s, StageTask task, String callId, boolean keepUnsealed,
            boolean disallowRemoteFinalize) {
        SectorRef ref = new SectorRef(s.id(), s.proof());
        int priority = s.deals() ? TaskRequest.DEAL_PRIORITY : 0;
        Map<String, String> params = params(s);
        if (keepUnsealed && !s.dealPieces().isEmpty()) {
            params.put(NativeTaskExecutor.KEEP_UNSEALED, "true");
        }
        SelectorSpec selector = disallowRemoteFinalize ? task.selector().withRemoteFinalizeDisallowed()
                : task.selector();
        return callId == null
                ? new TaskRequest(java.util.UUID.randomUUID(), ref, task.type(), priority, task.prepType(),
                        selector, params)
                : TaskRequest.forCall(callId, ref, task.type(), priority, task.prepType(), selector, params);
    }

    /** The event the outcome of the sector's current task stands for. */
    public static SectorEvent event(SectorInfo s, TaskType task, TaskOutcome o, Instant at) {
        if (!o.ok()) {
            return SectorPlanner.taskFailed(s, task, o.worker(), o.failureKind(),
                    o.unschedulable() ? "no worker can run it: " + o.error() : o.error(), at);
        }
        Map<String, String> out = o.outputs();
        return switch (task) {
            case AP -> new SectorEvent.SectorPacked(at, o.worker(), s.dealPieces().isEmpty()
                    ? List.of(new SectorEvent.Piece(out.get("commD"), s.proof().sectorSize().bytes()))
                    : s.dealPieces().stream().map(p -> new SectorEvent.Piece(p.commP(), p.paddedSize())).toList(),
                    out.get("commD"), out.get("commDCid"));
            case PC1 -> new SectorEvent.SectorPreCommit1(at, o.worker(), out.get("replicaId"));
            case PC2 -> new SectorEvent.SectorPreCommit2(at, o.worker(), out.get("commR"), out.get("commRCid"));
            case C1 -> new SectorEvent.SectorCommit1(at, o.worker(), number(out.get("commit1Bytes")));
            case C2 -> new SectorEvent.SectorCommitted(at, o.worker(), out.get("proofSha256"));
            case FIN -> new SectorEvent.SectorCacheTrimmed(at, o.worker(), number(out.get("finalizeFreedBytes")));
            case GET -> new SectorEvent.SectorFinalized(at, o.worker(), 0);
            default -> throw new IllegalStateException("the pipeline does not run " + task.shortName());
        };
    }

    /** The task inputs the executor reads (hex), as far as the sector has them. */
    static Map<String, String> params(SectorInfo s) {
        Map<String, String> p = new HashMap<>();
        p.put("miner", Long.toString(s.id().miner()));
        putIfKnown(p, "ticket", s.ticket());
        putIfKnown(p, "seed", s.seed());
        putIfKnown(p, "commD", s.commD());
        putIfKnown(p, "commR", s.commR());
        if (!s.dealPieces().isEmpty()) {
            p.put(PieceParams.KEY, PieceParams.encode(s.dealPieces()));
        }
        return p;
    }

    /** When the sector entered its current state. */
    public static Instant enteredAt(SectorInfo s) {
        return s.history().get(s.history().size() - 1).at();
    }

    /** What is left of {@code delay} counted from when the sector entered its state (never negative). */
    public static Duration remaining(SectorInfo s, Duration delay, Instant now) {
        Duration left = delay.minus(Duration.between(enteredAt(s), now));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** One line per state change; entering WaitSeed says how long, a failure state what route follows. */
    public static void logStateChange(Logger log, SectorPlanner planner, Duration seedDelay, SectorInfo before,
            SectorInfo s) {
        String line = "sector " + s.id() + ": " + before.state() + " -> " + s.state();
        switch (s.state().kind()) {
            case FAILED -> {
                SectorPlanner.Recovery r = planner.recover(s);
                String route = !r.retries() ? (r.target() == SectorState.REMOVING ? "removing the sector" : "giving up")
                        : (r.target() == s.lastFailure().stage() ? "retrying " : "back to ") + r.target()
                                + (r.after().isZero() ? " now" : " in " + Durations.format(r.after()));
                log.warn("{}: {}; {}", line, r.reason(), route);
            }
            case END -> {
                if (s.state() == SectorState.PROVING) {
                    log.info("{}: sealed in {}, commD {} commR {}", line, Durations.format(s.elapsed()), s.commDCid(),
                            s.commRCid());
                } else {
                    log.error("{}: {}", line, s.lastError());
                }
            }
            default -> {
                if (s.state() == SectorState.WAIT_SEED) {
                    log.info("{}: the seed is due in {}", line, Durations.format(seedDelay));
                } else {
                    log.info(line);
                }
            }
        }
    }

    private static void putIfKnown(Map<String, String> p, String key, String value) {
        if (value != null) {
            p.put(key, value);
        }
    }

    private static long number(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
