package io.sealer.cluster.sectors;

import io.sealer.core.sched.TaskOutcome;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The reply target of every sector task started from this miner node: forwards each
 * {@link TaskOutcome} to its sector's entity by the sector id in its call id, through Cluster
 * Sharding, so the outcome reaches the sector wherever its entity runs now (after a restart, or
 * on another miner node), never through a remembered reference to the entity. Holds no state;
 * one per miner node.
 */
public final class SectorOutcomes {

    private SectorOutcomes() {}

    public static Behavior<TaskOutcome> create(ClusterSharding sharding) {
        return Behaviors.receive((ctx, o) -> {
            if (o.callId() == null) {
                ctx.getLog().warn("task outcome {} carries no call id; dropped", o.schedId());
                return Behaviors.same();
            }
            String sector;
            try {
                sector = SectorTasks.sectorOf(o.callId()).toString();
            } catch (IllegalArgumentException e) {
                ctx.getLog().warn("task outcome dropped: {}", e.getMessage());
                return Behaviors.same();
            }
            sharding.entityRefFor(Sector.TYPE_KEY, sector).tell(new Sector.TaskEnded(o));
            return Behaviors.same();
        });
    }
}
