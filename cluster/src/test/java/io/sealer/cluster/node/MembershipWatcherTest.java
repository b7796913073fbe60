package io.sealer.cluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealer.cluster.node.MembershipWatcher.NodeChange;
import io.sealer.cluster.node.MembershipWatcher.Status;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster events a miner turns into Scheduler messages: unreachable and reachable as they
 * come, and gone only when the member is downed or removed (never on leaving or joining); and a
 * real second member that stops is reported removed.
 */
class MembershipWatcherTest {
    private static final ActorTestKit KIT = ActorTestKit.create("watcher");

    @AfterAll
    static void stop() {
        ActorTestKit.shutdown(KIT.system(), Duration.ofSeconds(30), false);
    }

    @Test
    void mapsOnlyReachabilityDowningAndRemoval() {
        ActorTestKit node = ActorTestKit.create("table");
        Cluster cluster = Cluster.get(node.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        node.createTestProbe().awaitAssert(Duration.ofSeconds(20), () -> {
            assertEquals(MemberStatus.up(), cluster.selfMember().status());
            return null;
        });
        Member self = cluster.selfMember();
        String address = self.address().toString();
        ActorTestKit.shutdown(node.system(), Duration.ofSeconds(30), false);
        List<Optional<NodeChange>> got = new ArrayList<>();
        for (ClusterEvent.ClusterDomainEvent e : List.of(new ClusterEvent.UnreachableMember(self),
                new ClusterEvent.ReachableMember(self), new ClusterEvent.MemberDowned(self.copy(MemberStatus.down())),
                new ClusterEvent.MemberRemoved(self.copy(MemberStatus.down()).copy(MemberStatus.removed()), MemberStatus.down()),
                new ClusterEvent.MemberUp(self), new ClusterEvent.MemberLeft(self.copy(MemberStatus.leaving())))) {
            got.add(MembershipWatcher.change(e));
        }
        assertEquals(List.of(Optional.of(new NodeChange(address, Status.UNREACHABLE)),
                Optional.of(new NodeChange(address, Status.REACHABLE)), Optional.of(new NodeChange(address, Status.REMOVED)),
                Optional.of(new NodeChange(address, Status.REMOVED)), Optional.<NodeChange>empty(),
                Optional.<NodeChange>empty()), got);
    }

    @Test
    void aWorkerNodeThatStopsIsReportedRemoved() {
        TestProbe<NodeChange> target = KIT.createTestProbe();
        Cluster cluster = Cluster.get(KIT.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        KIT.spawn(MembershipWatcher.create(target.ref(), Optional::of));
        ActorTestKit worker = ActorTestKit.create("watcher", ConfigFactory.parseString(
                "pekko.cluster.roles = [worker]").withFallback(ConfigFactory.load()));
        Cluster.get(worker.system()).manager().tell(Join.create(cluster.selfMember().address()));
        String address = Cluster.get(worker.system()).selfMember().address().toString();
        TestProbe<Object> up = KIT.createTestProbe();
        up.awaitAssert(Duration.ofSeconds(20), () -> {
            assertEquals(2, cluster.state().members().size());
            return null;
        });
        worker.system().terminate();
        // A member that stops before its leave is acknowledged turns unreachable first: either way it is removed.
        target.fishForMessage(Duration.ofSeconds(40), m -> m.equals(new NodeChange(address, Status.REMOVED))
                ? FishingOutcomes.complete()
                : m.equals(new NodeChange(address, Status.UNREACHABLE)) ? FishingOutcomes.continueAndIgnore()
                : FishingOutcomes.fail("unexpected " + m));
    }
}
