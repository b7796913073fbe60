package io.sealer.core.actors;

import io.sealer.core.JsonSerializable;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.worker.TaskExecutor;
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
 * reports the result; then stops. Both steps run on the blocking task executor, never on this
 * actor's thread.
 */
public final class TaskActor {

    public sealed interface Command extends JsonSerializable permits Execute, PrepareDone, WorkDone {}

    /** The ResourceManager moved this task into the executing pool. */
    public enum Execute implements Command { INSTANCE }

    record PrepareDone(String error) implements Command {}

    record WorkDone(Map<String, String> outputs, String error) implements Command {}

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
            }, blocking), (ok, err) -> new PrepareDone(err == null ? null : message(err)));
            return Behaviors.receive(Command.class)
                    .onMessage(PrepareDone.class, done -> {
                        if (done.error() != null) {
                            manager.tell(new ResourceManager.TaskPrepareFailed(request.schedId(), done.error()));
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
        }, blocking), (outputs, err) -> new WorkDone(outputs, err == null ? null : message(err)));
        return Behaviors.receive(Command.class)
                .onMessage(WorkDone.class, done -> {
                    manager.tell(new ResourceManager.TaskFinished(request.schedId(), done.outputs(), done.error()));
                    return Behaviors.stopped();
                })
                .onMessageEquals(Execute.INSTANCE, Behaviors::same)
                .build();
    }

    private static String message(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
