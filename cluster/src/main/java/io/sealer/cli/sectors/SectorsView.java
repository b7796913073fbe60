package io.sealer.cli.sectors;

import io.sealer.cluster.operator.TabTable;
import io.sealer.cluster.sectors.api.SectorDetail;
import io.sealer.cluster.sectors.api.SectorRow;
import io.sealer.core.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/** The text of `sealer sectors list` and `sealer sectors status`: pure functions of the API's answers. */
final class SectorsView {
    static final String NONE = "-";

    private SectorsView() {}

    /** One row per sector; time in state in whole seconds, as people write durations. */
    static String list(List<SectorRow> rows) {
        if (rows.isEmpty()) {
            return "No sectors yet; start some with `sealer sectors pledge`.\n";
        }
        TabTable t = new TabTable().row(List.of("ID", "State", "Deals", "In state", "Worker", "Last error"));
        for (SectorRow r : rows) {
            t.row(List.of(Long.toString(r.number()), r.state(), r.deals() ? "yes" : "CC",
                    Durations.format(Duration.ofSeconds(r.timeInState().toSeconds())), orNone(r.worker()),
                    orNone(r.lastError())));
        }
        return t.render();
    }

    /** The sector's values; with {@code log} its history too, one line per state entered. */
    static String status(SectorDetail s, boolean log) {
        StringBuilder out = new StringBuilder(new TabTable()
                .row(List.of("Sector:", Long.toString(s.number())))
                .row(List.of("State:", s.state()))
                .row(List.of("Deals:", s.deals() ? "yes" : "no (committed capacity)"))
                .row(List.of("SealProof:", Integer.toString(s.sealProof())))
                .row(List.of("Ticket:", orNone(s.ticket())))
                .row(List.of("Seed:", orNone(s.seed())))
                .row(List.of("CommD:", orNone(s.commD())))
                .row(List.of("CommR:", orNone(s.commR())))
                .row(List.of("Worker:", orNone(s.worker())))
                .row(List.of("Last error:", orNone(s.lastError())))
                .render());
        if (!s.pieces().isEmpty()) {
            out.append("\nPieces:\n");
            TabTable t = new TabTable().row(List.of("CID", "Size", "Padded", "Offset", "Deal"));
            for (SectorDetail.PieceEntry p : s.pieces()) {
                t.row(List.of(p.cid(), Long.toString(p.size()), Long.toString(p.paddedSize()), Long.toString(p.offset()),
                        p.dealId() == 0 ? NONE : Long.toString(p.dealId())));
            }
            out.append(t.render());
        }
        if (log) {
            out.append("\nLog:\n");
            TabTable t = new TabTable().row(List.of("#", "Entered", "State", "Event", "Stayed", "Tasks"));
            List<SectorDetail.StateEntry> h = s.history();
            for (int i = 0; i < h.size(); i++) {
                SectorDetail.StateEntry e = h.get(i);
                String stayed = i + 1 < h.size() ? Durations.format(Duration.between(e.at(), h.get(i + 1).at())) : NONE;
                t.row(List.of(Integer.toString(i), time(e.at()), e.state(),
                        e.event(), stayed, tasks(e.tasks())));
            }
            out.append(t.render());
        }
        return out.toString();
    }

    /** "PC1 on w1, PC2 on w2 (failed: temporary)". */
    private static String tasks(List<SectorDetail.TaskEntry> tasks) {
        if (tasks.isEmpty()) {
            return NONE;
        }
        return tasks.stream().map(t -> t.task() + " on " + orNone(t.worker())
                + (t.failure() == null ? "" : " (failed: " + t.failure() + ")")).collect(Collectors.joining(", "));
    }

    static String orNone(String s) {
        return s == null || s.isBlank() ? NONE : s;
    }

    /** A time as the log and the watch header print it: UTC, whole seconds. */
    static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
