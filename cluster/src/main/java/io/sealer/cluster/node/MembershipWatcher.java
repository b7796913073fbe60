package io.sealer.cluster.node;

import io.sealer.core.JsonSerializable;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Turns cluster membership and reachability into what the Scheduler acts on, on every miner
 * node: a member that becomes unreachable gets no new work at once (its unstarted tasks stay
 * assigned), one reachable again is back to normal, and only a member that is confirmed gone
 * (downed, or removed after leaving) gives its unstarted tasks back to the queue. So no task
 * ever runs twice. The Scheduler singleton's proxy is the target, so messages reach it
 * wherever it runs.
 */
public final class MembershipWatcher {
    private MembershipWatcher() {}

    /** What happened to a member, in the Scheduler's terms. */
    public enum Status { UNREACHABLE, REACHABLE, REMOVED }

    /** @param address the member's {@code Address.toString()}, e.g. "pekko://sealer@127.0.0.1:25520" */
    public record NodeChange(String address, Status status) implements JsonSerializable {}

    /** The change a cluster event means, or empty for events the Scheduler does not act on. */
    public static Optional<NodeChange> change(ClusterEvent.ClusterDomainEvent event) {
        if (event instanceof ClusterEvent.UnreachableMember e) {
            return Optional.of(new NodeChange(e.member().address().toString(), Status.UNREACHABLE));
        }
        if (event instanceof ClusterEvent.ReachableMember e) {
            return Optional.of(new NodeChange(e.member().address().toString(), Status.REACHABLE));
        }
        if (event instanceof ClusterEvent.MemberDowned e) {
            return Optional.of(new NodeChange(e.member().address().toString(), Status.REMOVED));
        }
        if (event instanceof ClusterEvent.MemberRemoved e) {
            return Optional.of(new NodeChange(e.member().address().toString(), Status.REMOVED));
        }
        return Optional.empty();
    }

    /**
     * @param message the target's message for a change (empty: nothing to send)
     */
    public static <T> Behavior<ClusterEvent.ClusterDomainEvent> create(ActorRef<T> target,
            Function<NodeChange, Optional<T>> message) {
        return Behaviors.setup(ctx -> {
            Cluster cluster = Cluster.get(ctx.getSystem());
            cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.MemberEvent.class));
            cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.ReachabilityEvent.class));
            return Behaviors.receive(ClusterEvent.ClusterDomainEvent.class)
                    .onAnyMessage(event -> {
                        change(event).ifPresent(c -> {
                            ctx.getLog().info("node {} is {}", c.address(), c.status().name().toLowerCase(java.util.Locale.ROOT));
                            message.apply(c).ifPresent(target::tell);
                        });
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
