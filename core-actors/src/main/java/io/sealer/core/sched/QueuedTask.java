package io.sealer.core.sched;

/**
 * A request in the scheduler's queue. {@code seq} (arrival order) breaks ties that the queue
 * rule leaves open, so equal requests run first-come first-served; {@code reply} is the
 * caller's handle, opaque here (an ActorRef in the actor, a task record in the simulator).
 */
public record QueuedTask<R>(TaskRequest request, R reply, long seq, long enqueuedAt) {}
