package io.sealer.cluster.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.ApiAddress;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.junit.jupiter.api.Test;

/** A worker system finds the miner's cluster through the miner's API, as a Lotus worker does. */
class SeedDiscoveryTest {
    private static final ApiTokens TOKENS = new ApiTokens(ApiSecret.random());

    /** Time passes only when the discovery sleeps. */
    static final class VirtualClock implements SeedDiscovery.Clock {
        final List<Duration> pauses = new ArrayList<>();
        long now;

        @Override
        public void sleep(Duration d) {
            pauses.add(d);
            now += d.toNanos();
        }

        @Override
        public long nanoTime() {
            return now;
        }
    }

    private static Config node(String role) {
        return ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.loglevel = WARNING
                pekko.cluster.roles = [%s]
                """.formatted(role)).withFallback(ConfigFactory.load());
    }

    private static void awaitUp(Cluster c, int members) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            long up = java.util.stream.StreamSupport.stream(c.state().getMembers().spliterator(), false)
                    .filter(m -> m.status() == MemberStatus.up()).count();
            if (up == members) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("cluster did not reach " + members + " Up members: " + c.state().getMembers());
    }

    @Test
    void aWorkerJoinsTheSeedsTheMinerHandsOut() throws Exception {
        ActorSystem<Void> miner = ActorSystem.create(Behaviors.empty(), "sealer", node("miner"));
        ActorSystem<Void> worker = ActorSystem.create(Behaviors.empty(), "sealer", node("worker"));
        try {
            Cluster mc = Cluster.get(miner);
            mc.manager().tell(Join.create(mc.selfMember().address()));
            awaitUp(mc, 1);
            ClusterRoutes routes = new ClusterRoutes(miner);
            NodeHttp http = NodeHttp.start(miner, "127.0.0.1", 0, TOKENS, routes::routes).toCompletableFuture().get();
            ApiClient client = new ApiClient(new ApiInfo(TOKENS.create(Permission.ADMIN, ""),
                    new ApiAddress("127.0.0.1", http.address().getPort())), "the miner", Duration.ofSeconds(5));
            ClusterSeeds seeds = new SeedDiscovery(client, SeedDiscovery.SYSTEM, m -> { }).fetch(Duration.ofSeconds(10));
            assertEquals(List.of(mc.selfMember().address().toString()), seeds.seeds());
            assertEquals(routes.session(), seeds.session());

            Cluster wc = Cluster.get(worker);
            wc.manager().tell(new JoinSeedNodes(seeds.seeds().stream().map(AddressFromURIString::parse).toList()));
            awaitUp(wc, 2);
            awaitUp(mc, 2);
            http.close();
        } finally {
            worker.terminate();
            miner.terminate();
        }
    }

    @Test
    void anUnreachableMinerIsRetriedWithGrowingPausesThenGivenUp() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ApiClient client = new ApiClient(new ApiInfo("t", new ApiAddress("127.0.0.1", closed)), "the miner",
                Duration.ofSeconds(2));
        VirtualClock clock = new VirtualClock();
        List<String> logged = new ArrayList<>();
        ApiClient.ApiCallException e = assertThrows(ApiClient.ApiCallException.class,
                () -> new SeedDiscovery(client, clock, logged::add).fetch(Duration.ofSeconds(100)));
        assertTrue(e.getMessage().startsWith("cannot reach the miner at http://127.0.0.1:" + closed), e.getMessage());
        assertTrue(e.getMessage().contains("(gave up after "), e.getMessage());
        assertTrue(logged.get(0).endsWith("; retrying in 1s"), logged.get(0));
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 9L),
                clock.pauses.stream().map(Duration::toSeconds).toList());
    }

    @Test
    void aTokenWithoutAdminIsRefusedAtOnce() throws Exception {
        ActorSystem<Void> miner = ActorSystem.create(Behaviors.empty(), "sealer", node("miner"));
        try {
            NodeHttp http = NodeHttp.start(miner, "127.0.0.1", 0, TOKENS, new ClusterRoutes(miner)::routes)
                    .toCompletableFuture().get();
            ApiClient reader = new ApiClient(new ApiInfo(TOKENS.create(Permission.WRITE, ""),
                    new ApiAddress("127.0.0.1", http.address().getPort())), "the miner", Duration.ofSeconds(5));
            VirtualClock clock = new VirtualClock();
            ApiClient.ApiCallException e = assertThrows(ApiClient.ApiCallException.class,
                    () -> new SeedDiscovery(reader, clock, m -> { }).fetch(Duration.ofSeconds(30)));
            assertEquals("the miner refused: this call needs admin permission; the token has write", e.getMessage());
            assertEquals(List.of(), clock.pauses);
            http.close();
        } finally {
            miner.terminate();
        }
    }
}
