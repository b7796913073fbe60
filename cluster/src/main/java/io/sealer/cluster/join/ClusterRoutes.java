package io.sealer.cluster.join;

import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.Permission;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The miner's {@code GET /api/v0/cluster/seeds} (admin: a node that joins the cluster can
 * send any message, so joining needs the highest permission, as Lotus's WorkerConnect does).
 */
public final class ClusterRoutes extends AllDirectives {
    private final ActorSystem<?> system;
    private final String session = UUID.randomUUID().toString();

    public ClusterRoutes(ActorSystem<?> system) {
        this.system = system;
    }

    /** This miner process's session id (new at every start). */
    public String session() {
        return session;
    }

    public Route routes(NodeHttp.Caller caller) {
        return path(PathMatchers.segment("api").slash("v0").slash("cluster").slash("seeds"), () -> get(
                () -> caller.requires(Permission.ADMIN, () -> complete(NodeHttp.jsonResponse(StatusCodes.OK, seeds())))));
    }

    /** Every Up member with role miner, oldest first (the singleton's host first); this node when none is Up yet. */
    ClusterSeeds seeds() {
        Cluster cluster = Cluster.get(system);
        List<String> miners = StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up() && m.hasRole("miner"))
                .sorted(Comparator.comparing((Member m) -> m, Member.ageOrdering()))
                .map(m -> m.address().toString())
                .toList();
        return new ClusterSeeds(miners.isEmpty() ? List.of(cluster.selfMember().address().toString()) : miners, session);
    }
}
