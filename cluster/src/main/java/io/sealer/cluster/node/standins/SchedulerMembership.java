// WAVE-2 STAND-IN (branch wip2-node only): delete this file at merge and, in
// io/sealer/cluster/node/NodeSystem.java, replace `SchedulerMembership::message` with
//   change -> Optional.of(new Scheduler.NodeStatusChanged(change.address(),
//           Scheduler.NodeStatus.valueOf(change.status().name())))
// once Scheduler has contract C4's NodeStatusChanged and NodeStatus.
package io.sealer.cluster.node;

import io.sealer.core.actors.Scheduler;
import java.util.Optional;

/** Stand-in of contract C4: this branch's Scheduler has no membership message yet, so none is sent. */
final class SchedulerMembership {
    private SchedulerMembership() {}

    static Optional<Scheduler.Command> message(MembershipWatcher.NodeChange change) {
        return Optional.empty();
    }
}
