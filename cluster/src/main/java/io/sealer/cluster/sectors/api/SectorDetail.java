package io.sealer.cluster.sectors.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.sealer.cluster.sectors.SectorsService.SectorView;
import io.sealer.core.sector.SectorInfo;
import io.sealer.core.sector.SectorInfo.StateChange;
import io.sealer.core.sector.SectorInfo.TaskRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One sector as {@code GET /api/v0/sectors/{n}} shows it: state, the sealing values it has so
 * far ({@code null} until drawn or computed: ticket and seed in hex, commD and commR as CIDs),
 * the worker running its task now, the last error, and its history: every state it entered,
 * when and on which event, with the tasks that ended in that state and the workers that ran them;
 * a deal sector also lists its pieces.
 */
public record SectorDetail(long number, String state, boolean deals, int sealProof, String ticket, String seed,
        String commD, String commR, String worker, String lastError, List<StateEntry> history, List<PieceEntry> pieces) {

    public SectorDetail {
        history = history == null ? List.of() : List.copyOf(history);
        pieces = pieces == null ? List.of() : List.copyOf(pieces);
    }

    /** A deal piece: its CID, the data's size, its padded size and offset in the sector, its deal (0: none). */
    public record PieceEntry(String cid, long size, long paddedSize, long offset, long dealId) {}

    /** A state the sector entered at {@code at} on {@code event}, and the tasks that ended while it was there. */
    public record StateEntry(@JsonFormat(shape = JsonFormat.Shape.STRING) Instant at, String state, String event,
            List<TaskEntry> tasks) {
        public StateEntry {
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }
    }

    /** A task that ended at {@code at} on {@code worker}; {@code failure} names how it failed, null when it succeeded. */
    public record TaskEntry(@JsonFormat(shape = JsonFormat.Shape.STRING) Instant at, String task, String worker,
            String failure) {}

    public static SectorDetail of(SectorView view) {
        SectorInfo info = view.info();
        return new SectorDetail(info.id().number(), info.state().wireName(), info.deals(),
                info.proof() == null ? -1 : info.proof().id(), info.ticket(), info.seed(), info.commDCid(),
                info.commRCid(), SectorRow.blankToNull(view.runningWorker()), info.lastError(), history(info),
                info.dealPieces().stream().map(p -> new PieceEntry(p.cid(), p.dataSize(), p.paddedSize(), p.offset(),
                        p.dealId())).toList());
    }

    /** Task runs go to the state entered last before they ended. */
    private static List<StateEntry> history(SectorInfo info) {
        List<StateChange> changes = info.history();
        List<StateEntry> entries = new ArrayList<>();
        int run = 0;
        List<TaskRun> runs = info.taskRuns();
        for (int i = 0; i < changes.size(); i++) {
            StateChange c = changes.get(i);
            Instant until = i + 1 < changes.size() ? changes.get(i + 1).at() : null;
            List<TaskEntry> tasks = new ArrayList<>();
            while (run < runs.size() && (until == null || !runs.get(run).at().isAfter(until))) {
                TaskRun r = runs.get(run++);
                tasks.add(new TaskEntry(r.at(), r.task().shortName(), r.worker(),
                        r.failure() == null ? null : r.failure().name().toLowerCase(Locale.ROOT).replace('_', '-')));
            }
            entries.add(new StateEntry(c.at(), c.to().wireName(), c.event(), tasks));
        }
        return entries;
    }
}
