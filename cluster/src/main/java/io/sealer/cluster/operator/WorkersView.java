package io.sealer.cluster.operator;

import io.sealer.core.resources.Bytes;
import io.sealer.core.task.TaskType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The text of {@code sealer sealing workers}, line for line the seed's view (docs/operator-surface.md):
 * a header per worker, its task counts, then CPU, RAM, VMEM and GPU bars of 64 columns.
 *
 * <p>One deliberate difference: the seed lets a bar grow past 64 columns when its two rounded
 * parts add up to more; here the second part is cut so that every bar is exactly 64 columns.
 */
public final class WorkersView {
    /** Bar width in columns. */
    public static final int BAR_WIDTH = 64;

    private WorkersView() {}

    /** The sealing workers (and those with no task types), sorted by id, each as its block of lines. */
    public static String render(List<WorkerSnapshot> workers, boolean color) {
        Ansi ansi = new Ansi(color);
        StringBuilder out = new StringBuilder();
        workers.stream()
                .filter(WorkerSnapshot::isSealingWorker)
                .sorted(Comparator.comparing(w -> w.id().toString()))
                .forEach(w -> renderWorker(out, w, ansi));
        return out.toString();
    }

    private static void renderWorker(StringBuilder out, WorkerSnapshot w, Ansi ansi) {
        out.append("Worker ").append(w.id()).append(", host ").append(ansi.paint(Ansi.MAGENTA, w.hostname()))
                .append(w.enabled() ? "" : ansi.paint(Ansi.RED, " (disabled)")).append('\n');

        String tasks = taskCounts(w, ansi);
        if (!tasks.isEmpty()) {
            out.append("\tTASK: ").append(tasks).append('\n');
        }

        out.append("\tCPU:  [").append(bar(w.cpus(), 0, w.cpuUse(), ansi)).append("] ")
                .append(w.cpuUse()).append('/').append(w.cpus()).append(" core(s) in use\n");

        long ramTasks = w.memUsedMin();
        long ramReserved = Math.max(0, w.memUsed() - ramTasks);
        out.append("\tRAM:  [").append(bar(w.memPhysical(), ramReserved, ramTasks, ansi)).append("] ")
                .append((ramTasks + ramReserved) * 100 / w.memPhysical()).append("% ")
                // The seed prints tasks + used here (not tasks + reserved); kept so that scripts agree.
                .append(Bytes.format(ramTasks + w.memUsed())).append('/').append(Bytes.format(w.memPhysical()))
                .append('\n');

        long vmemTotal = w.memPhysical() + w.memSwap();
        long vmemTasks = w.memUsedMax();
        long vmemReserved = Math.max(0, w.memUsed() + w.memSwapUsed() - vmemTasks);
        out.append("\tVMEM: [").append(bar(vmemTotal, vmemReserved, vmemTasks, ansi)).append("] ")
                .append((vmemTasks + vmemReserved) * 100 / vmemTotal).append("% ")
                .append(Bytes.format(vmemTasks + vmemReserved)).append('/').append(Bytes.format(vmemTotal))
                .append('\n');

        int gpus = w.gpus().size();
        if (gpus > 0) {
            out.append("\tGPU:  [").append(ansi.paint(Ansi.GREEN, Ansi.strip(bar(gpus, 0, w.gpuUsed(), ansi))))
                    .append("] ").append(goFixed(w.gpuUsed() * 100 / gpus, 0)).append("% ")
                    .append(goFixed(w.gpuUsed(), 2)).append('/').append(gpus).append(" gpu(s) in use")
                    .append('\n');
        }
        boolean used = w.gpuUsed() > 0;
        for (String gpu : w.gpus()) {
            out.append("\tGPU: ").append(ansi.paint(used ? Ansi.GREEN : Ansi.BLUE, gpu + ", " + (used ? "" : "not ") + "used"))
                    .append('\n');
        }
    }

    /** "GET(1) PC1(2/4) AP(1)": the types with a count, by order weight, limits where the worker has one. */
    private static String taskCounts(WorkerSnapshot w, Ansi ansi) {
        List<String> parts = new ArrayList<>();
        w.taskCounts().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Comparator.comparingInt((Map.Entry<TaskType, Integer> e) -> e.getKey().orderWeight())
                        .thenComparing(e -> e.getKey().ordinal()))
                .forEach(e -> {
                    int n = e.getValue();
                    int max = w.maxConcurrent().getOrDefault(e.getKey(), 0);
                    String count = max > 0 ? ansi.paint(n < max ? Ansi.GREEN : Ansi.YELLOW, n + "/" + max)
                            : ansi.paint(Ansi.CYAN, Integer.toString(n));
                    parts.add(ansi.paint(Ansi.BLUE, e.getKey().shortName()) + "(" + count + ")");
                });
        return String.join(" ", parts);
    }

    /**
     * {@code reserved} in yellow then {@code used} in green, each {@code round(x / total * 64)}
     * columns, padded with spaces to 64; cut to 64 when the rounded parts overflow.
     */
    static String bar(double total, double reserved, double used, Ansi ansi) {
        int yellow = clamp(Math.round(reserved / total * BAR_WIDTH), BAR_WIDTH);
        int green = clamp(Math.round(used / total * BAR_WIDTH), BAR_WIDTH - yellow);
        return ansi.paint(Ansi.YELLOW, "|".repeat(yellow)) + ansi.paint(Ansi.GREEN, "|".repeat(green))
                + " ".repeat(BAR_WIDTH - yellow - green);
    }

    /**
     * {@code value} with {@code decimals} decimals as Go's {@code %.Nf} writes it: rounded from
     * the double's exact value, ties to even ({@code 12.5} gives {@code 12}, where Java's
     * formatter gives {@code 13}).
     */
    static String goFixed(double value, int decimals) {
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static int clamp(long columns, int max) {
        return (int) Math.max(0, Math.min(columns, max));
    }
}
