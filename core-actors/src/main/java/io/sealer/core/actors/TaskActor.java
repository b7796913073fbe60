package io.sealer.core.actors;

import io.sealer.core.JsonSerializable;
import io.sealer.core.sched.FailureKind;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.worker.TaskExecutor;
import io.sealer.core.worker.TaskFailure;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One running task on a worker. Runs the prepare step (unless the task goes straight to
 * execution), tells its ResourceManager, waits to be told to execute, runs the work and
 * reports the result, with the {@link FailureKind} of a failure; then stops. Both steps run
 * on the blocking task executor, never on this actor's thread.
 */
public final class TaskActor {

    public sealed interface Command extends JsonSerializable permits Execute, PrepareDone, WorkDone {}

    /** The ResourceManager moved this task into the executing pool. */
    public enum Execute implements Command { INSTANCE }

    /** {@code error} and {@code kind} are null on success. */
    record PrepareDone(String error, FailureKind kind) implements Command {}

    /** {@code error} and {@code kind} are null on success. */
    record WorkDone(Map<String, String> outputs, String error, FailureKind kind) implements Command {}

    private TaskActor() {}

    /**
     * @param threads the threads the task was granted, passed to the work step
     * @param prepareFirst false for tasks started directly into executing (ready C1/C2)
     */
    public static Behavior<Command> create(TaskRequest request, int threads, TaskExecutor executor, Executor blocking,
            ActorRef<ResourceManager.Command> manager, boolean prepareFirst) {
        return Behaviors.setup(ctx -> {
            if (!prepareFirst) {
                return executing(ctx, request, threads, executor, blocking, manager);
            }
            ctx.pipeToSelf(CompletableFuture.runAsync(() -> {
                try {
                    executor.prepare(request);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, blocking), (ok, err) -> err == null ? new PrepareDone(null, null)
                    : new PrepareDone(message(err), TaskFailure.kindOf(err)));
            return Behaviors.receive(Command.class)
                    .onMessage(PrepareDone.class, done -> {
                        if (done.error() != null) {
                            manager.tell(new ResourceManager.TaskPrepareFailed(request.schedId(), done.error(),
                                    done.kind()));
                            return Behaviors.stopped();
                        }
                        manager.tell(new ResourceManager.TaskPrepared(request.schedId()));
                        return waitingForSlot(request, threads, executor, blocking, manager);
                    })
                    .build();
        });
    }

    private static Behavior<Command> waitingForSlot(TaskRequest request, int threads, TaskExecutor executor, Executor blocking,
            ActorRef<ResourceManager.Command> manager) {
        return Behaviors.receive(Command.class)
                .onMessageEquals(Execute.INSTANCE, () -> Behaviors.setup(ctx -> executing(ctx, request, threads, executor, blocking, manager)))
                .build();
    }

    private static Behavior<Command> executing(ActorContext<Command> ctx, TaskRequest request, int threads,
            TaskExecutor executor,
            Executor blocking, ActorRef<ResourceManager.Command> manager) {
        ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> {
            try {
                return executor.work(request, threads);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, blocking), (outputs, err) -> err == null ? new WorkDone(outputs, null, null)
                : new WorkDone(Map.of(), message(err), TaskFailure.kindOf(err)));
        return Behaviors.receive(Command.class)
                .onMessage(WorkDone.class, done -> {
                    manager.tell(new ResourceManager.TaskFinished(request.schedId(), done.outputs(), done.error(),
                            done.kind()));
                    return Behaviors.stopped();
                })
                .onMessageEquals(Execute.INSTANCE, Behaviors::same)
                .build();
    }

    /** The message of a failed step's exception, unwrapped, as an operator reads it (never a class name). */
    static String message(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        String m = t.getMessage();
        return m == null || m.isBlank() ? "failed without an error message" : m;
    }
}
