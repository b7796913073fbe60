package io.sealer.cluster.node;

import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;

/**
 * Pekko Management's readiness check of a sealer node ({@code /ready}): ready only when this
 * node is an Up member of the cluster and, on a miner, its journal database answers. Registered
 * under {@code pekko.management.health-checks.readiness-checks.sealer}.
 */
public final class NodeReadiness implements Supplier<CompletionStage<Boolean>> {
    static final String SLICK_DB = "pekko-persistence-jdbc.shared-databases.slick.db";
    /** Seconds the journal database has to answer. */
    private static final int JOURNAL_ANSWER_SECONDS = 2;

    private final ActorSystem system;

    public NodeReadiness(ActorSystem system) {
        this.system = system;
    }

    @Override
    public CompletionStage<Boolean> get() {
        Cluster cluster = Cluster.get(system);
        if (cluster.selfMember().status() != MemberStatus.up()) {
            return CompletableFuture.completedFuture(false);
        }
        if (!cluster.selfMember().hasRole(SealerNode.MINER)) {
            return CompletableFuture.completedFuture(true);
        }
        Config db = system.settings().config().getConfig(SLICK_DB);
        Executor blocking = system.dispatchers().lookup("pekko.actor.default-blocking-io-dispatcher");
        return CompletableFuture.supplyAsync(() -> journalAnswers(db), blocking);
    }

    private static boolean journalAnswers(Config db) {
        try (Connection c = DriverManager.getConnection(db.getString("url"), db.getString("user"), db.getString("password"))) {
            return c.isValid(JOURNAL_ANSWER_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }
}
