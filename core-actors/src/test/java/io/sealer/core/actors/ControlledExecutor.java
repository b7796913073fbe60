package io.sealer.core.actors;

import io.sealer.core.sched.FailureKind;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.task.SectorId;
import io.sealer.core.worker.TaskExecutor;
import io.sealer.core.worker.TaskFailure;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A test executor in the style of Lotus's TestSched: each task (named by its "name" param)
 * has a control; the step named by the "block" param ("prepare" by default, or "work")
 * announces the worker it runs on and then blocks until the test releases it.
 */
final class ControlledExecutor implements TaskExecutor {

    /** One task's handshake with the test. */
    static final class Control {
        final CompletableFuture<String> startedOn = new CompletableFuture<>();
        final CompletableFuture<Void> release = new CompletableFuture<>();
        volatile boolean prepared;
        volatile String failWork;
        /** With failWork or failPrepare: thrown as a TaskFailure of this kind; null = a plain exception. */
        volatile FailureKind failKind;
        volatile String failPrepare;
        /** Set when the executor was asked to cancel the task's running step. */
        volatile boolean cancelled;
        /** How many times the work step ran. */
        final java.util.concurrent.atomic.AtomicInteger works = new java.util.concurrent.atomic.AtomicInteger();
    }

    private final String worker;
    private final Map<String, Control> controls;
    private final Set<SectorId> held;
    /** The tasks whose work step runs now, by schedId: what {@link #cancel} can stop. */
    private final Map<java.util.UUID, Control> working = new ConcurrentHashMap<>();

    ControlledExecutor(String worker, Map<String, Control> controls) {
        this(worker, controls, Set.of());
    }

    /** @param held what {@link #heldSectors} answers */
    ControlledExecutor(String worker, Map<String, Control> controls, Set<SectorId> held) {
        this.worker = worker;
        this.controls = controls;
        this.held = held;
    }

    @Override
    public Set<SectorId> heldSectors() {
        return held;
    }

    static Map<String, Control> newControls() {
        return new ConcurrentHashMap<>();
    }

    @Override
    public void prepare(TaskRequest request) throws Exception {
        Control c = control(request);
        c.prepared = true;
        if (!"work".equals(request.params().get("block"))) {
            c.startedOn.complete(worker);
            c.release.get(30, TimeUnit.SECONDS);
        }
        fail(c, c.failPrepare);
    }

    @Override
    public Map<String, String> work(TaskRequest request, int threads) throws Exception {
        Control c = control(request);
        c.works.incrementAndGet();
        working.put(request.schedId(), c);
        try {
            if ("work".equals(request.params().get("block"))) {
                c.startedOn.complete(worker);
                c.release.get(30, TimeUnit.SECONDS);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new TaskFailure(FailureKind.TEMPORARY, "work of " + request.schedId() + " was cancelled");
        } finally {
            working.remove(request.schedId());
        }
        fail(c, c.failWork);
        return Map.of("ranOn", worker, "threads", Integer.toString(threads));
    }

    /** Stops a work step blocked on its release, as a cancelled native call ends: with a failure. */
    @Override
    public boolean cancel(java.util.UUID schedId) {
        Control c = working.get(schedId);
        if (c == null) {
            return false;
        }
        c.cancelled = true;
        c.release.completeExceptionally(new java.util.concurrent.CancellationException("cancelled"));
        return true;
    }

    private static void fail(Control c, String message) throws Exception {
        if (message != null) {
            throw c.failKind == null ? new IllegalStateException(message) : new TaskFailure(c.failKind, message);
        }
    }

    private Control control(TaskRequest request) {
        return controls.computeIfAbsent(request.params().getOrDefault("name", request.schedId().toString()), k -> new Control());
    }
}
