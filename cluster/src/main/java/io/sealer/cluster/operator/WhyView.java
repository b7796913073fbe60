package io.sealer.cluster.operator;

import io.sealer.core.resources.Bytes;
import io.sealer.core.sched.WaitExplanation;
import io.sealer.core.sched.WaitExplanation.WaitingTask;
import io.sealer.core.sched.WaitExplanation.WorkerVerdict;
import io.sealer.core.sched.WaitReason;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The text of {@code sealer sealing why <sector>}: per waiting task its wait and place in the
 * queue, then one line per worker saying why the task is not running there.
 */
public final class WhyView {
    private WhyView() {}

    public static String render(WaitExplanation why) {
        StringBuilder out = new StringBuilder("Sector ").append(why.sector());
        int n = why.tasks().size();
        if (n == 0) {
            return out.append(": no task waiting\n").toString();
        }
        out.append(": ").append(n).append(n == 1 ? " task" : " tasks").append(" waiting\n");
        for (WaitingTask t : why.tasks()) {
            out.append(t.task().shortName()).append(" waiting ").append(GoDuration.tenths(Duration.ofMillis(t.waitedMs())))
                    .append(t.place() > 0 ? ", place " + t.place() + " of " + t.queueLength() + " in the queue"
                            : ", in a worker's window").append(" (sched ").append(t.schedId()).append(")\n");
            for (WorkerVerdict v : t.workers()) {
                out.append("\tworker ").append(JobsView.shortId(v.worker()))
                        .append(v.hostname().isEmpty() ? "" : " (" + v.hostname() + ")").append(": ")
                        .append(sentence(t, v)).append('\n');
            }
            if (t.reason() == WaitReason.NO_WORKER_EVER) {
                out.append('\t').append(t.workers().isEmpty()
                        ? "no worker could ever run it: no worker is connected"
                        : "no worker could ever run it as the cluster stands: enable the task type or add a worker "
                                + "that fits").append('\n');
            }
        }
        return out.toString();
    }

    /** One verdict in words, with its figures. */
    static String sentence(WaitingTask t, WorkerVerdict v) {
        String text = switch (v.reason()) {
            case TASK_TYPE_DISABLED -> "task type " + t.task().shortName() + " not enabled";
            case WORKER_DISABLED -> "worker disabled";
            case RAM -> "not enough RAM: needs " + amount(v, v.need()) + ", " + amount(v, v.free()) + " free";
            case MEMORY_AND_SWAP -> "not enough memory+swap: needs " + amount(v, v.need()) + ", " + amount(v, v.free())
                    + " free";
            case THREADS -> "not enough threads: needs " + amount(v, v.need()) + ", " + amount(v, v.free()) + " free";
            case GPU -> "not enough GPU: needs " + amount(v, v.need()) + ", " + amount(v, v.free()) + " free";
            case MAX_CONCURRENT -> "MaxConcurrent reached: " + (v.total().longValue() - v.free().longValue()) + " of "
                    + v.total() + " running";
            case NO_STORAGE_SPACE -> v.need() == null ? v.detail() : "no storage path with space: needs "
                    + amount(v, v.need()) + ", the best path has " + amount(v, v.free()) + " free";
            case FILES_ELSEWHERE -> v.detail() != null && v.detail().startsWith("the sector's files")
                    ? v.detail() : "the sector's files are elsewhere";
            case NO_OPEN_WINDOW -> "it fits, but the worker's windows are full of tasks waiting for its resources";
            case BEHIND_OTHER_TASKS -> "it fits; waits behind higher-priority tasks or for the next scheduling pass";
            case IN_WINDOW -> "in this worker's window; starts when its pools have room";
            case NO_WORKER_EVER -> throw new IllegalStateException("not a per-worker reason");
        };
        if (v.permanent() && v.reason() != WaitReason.TASK_TYPE_DISABLED) {
            text += " (it has " + amount(v, v.total()) + " in all)";
        }
        return v.detail() == null || text.equals(v.detail()) ? text : text + " (" + v.detail() + ")";
    }

    private static String amount(WorkerVerdict v, Number n) {
        return v.reason().unit() == WaitReason.Unit.BYTES ? Bytes.format(n.longValue())
                : new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
}
