package io.sealer.core.sim.bench;

import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.sched.AssignerKind;
import io.sealer.core.sched.SchedulerCore;
import io.sealer.core.sched.SelectorSpec;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sched.WorkerId;
import io.sealer.core.sched.WorkerInfo;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One scheduling pass ({@link SchedulerCore#trySchedule}) over a queue of Q tasks and W
 * workers with two open windows each (as every idle worker keeps), the grid of issue 5.
 * {@code mix}: "sealing" is a pipeline mix (AP, PC1, PC2, C1, C2, FIN, GET; a third with deal
 * priority) on 64-core, 1 TiB, 2-GPU workers that accept every sealing type; "c2" is Lotus's
 * BenchmarkTrySched workload, every task a C2. State is rebuilt before every pass, since a pass
 * consumes the queue and the windows. Run: see docs/performance.md, section "Scheduler".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class SchedulerPassBench {

    /** Queue length x workers. */
    @Param({"1x1", "500x1", "1x500", "400x200", "10000x1000", "100000x1000"})
    public String grid;

    @Param({"sealing"})
    public String mix;

    @Param({"utilization"})
    public String assigner;

    private SchedulerCore<Object> core;

    private static final TaskType[] SEALING = {TaskType.AP, TaskType.PC1, TaskType.PC2, TaskType.C1, TaskType.C2,
        TaskType.FIN, TaskType.GET};

    @Setup(Level.Invocation)
    public void setUp() {
        String[] qw = grid.split("x");
        core = build(Integer.parseInt(qw[0]), Integer.parseInt(qw[1]), mix, AssignerKind.parse(assigner), 1);
    }

    @Benchmark
    public Object pass() {
        return core.trySchedule();
    }

    /** A scheduler with {@code workers} idle workers (two open windows each) and {@code queue} tasks. */
    public static SchedulerCore<Object> build(int queue, int workers, String mix, AssignerKind assigner, long seed) {
        Random rnd = new Random(seed);
        SchedulerCore<Object> core = new SchedulerCore<>(Parallelism.DEFAULT, assigner, new Random(seed));
        WorkerResources res = new WorkerResources(1L << 40, 8L << 30, 256L << 30, 0, 64, List.of("A100", "A100"));
        Set<TaskType> types = EnumSet.copyOf(List.of(SEALING));
        ResourceTable table = ResourceTable.defaults();
        long windowSeq = 0;
        for (int w = 0; w < workers; w++) {
            WorkerId id = new WorkerId("w" + w);
            core.addWorker(new WorkerInfo(id, id.value(), res, table, types, false));
            core.openWindow(id, new UUID(1, windowSeq++));
            core.openWindow(id, new UUID(1, windowSeq++));
        }
        for (int i = 0; i < queue; i++) {
            TaskType t = mix.equals("c2") ? TaskType.C2 : SEALING[rnd.nextInt(SEALING.length)];
            int priority = rnd.nextInt(3) == 0 ? TaskRequest.DEAL_PRIORITY : 0;
            TaskType prep = t == TaskType.AP || t == TaskType.C2 ? TaskType.NOOP : TaskType.GET;
            TaskRequest r = new TaskRequest(new UUID(0, i + 1),
                    new SectorRef(new SectorId(1000, rnd.nextInt(Math.max(1, queue))), SealProof.STACKED_DRG_32GIB_V1_1),
                    t, priority, prep, SelectorSpec.TASK_TYPE, Map.of());
            core.submit(r, null, 0);
        }
        return core;
    }

    /**
     * Without JMH: one pass per grid point on fresh state, repeated; prints the median and
     * minimum wall time and the median CPU time of the pass's thread (steadier than wall time
     * on a shared machine). A quick look; the figures of record come from JMH.
     * Arguments: [mix] [assigner].
     */
    public static void main(String[] args) {
        String mix = args.length > 0 ? args[0] : "sealing";
        AssignerKind kind = AssignerKind.parse(args.length > 1 ? args[1] : "utilization");
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        String[] grid = {"1x1", "500x1", "1x500", "400x200", "10000x1000", "100000x1000"};
        System.out.printf("%-12s %14s %11s %13s %9s%n", "QxW", "wall median", "wall min", "CPU median", "assigned");
        for (String g : grid) {
            String[] qw = g.split("x");
            int q = Integer.parseInt(qw[0]);
            int reps = q >= 100000 ? 15 : q >= 10000 ? 41 : 201;
            int warm = reps;
            long[] wall = new long[reps];
            long[] cpu = new long[reps];
            int assigned = 0;
            for (int r = 0; r < warm + reps; r++) {
                SchedulerCore<Object> c = build(q, Integer.parseInt(qw[1]), mix, kind, 1);
                if (q >= 10000) {
                    System.gc();
                }
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                var out = c.trySchedule();
                long dt = System.nanoTime() - t0;
                long dc = mx.getCurrentThreadCpuTime() - c0;
                if (r >= warm) {
                    wall[r - warm] = dt;
                    cpu[r - warm] = dc;
                }
                assigned = out.stream().mapToInt(a -> a.tasks().size()).sum();
            }
            java.util.Arrays.sort(wall);
            java.util.Arrays.sort(cpu);
            System.out.printf("%-12s %11.3f ms %8.3f ms %10.3f ms %9d%n", g, wall[reps / 2] / 1e6, wall[0] / 1e6,
                    cpu[reps / 2] / 1e6, assigned);
        }
    }
}
