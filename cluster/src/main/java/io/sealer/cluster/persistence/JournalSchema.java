package io.sealer.cluster.persistence;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/** Creates the journal's tables when they do not exist yet (at miner init and at every start). */
public final class JournalSchema {
    private JournalSchema() {}

    /** Blocks until the tables exist; the message of a failure says which database could not be prepared. */
    public static void ensure(ActorSystem<?> system, JournalSettings settings, Duration timeout) {
        try {
            SchemaUtils.createIfNotExists(system).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the journal at " + settings.url());
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot prepare the journal database " + settings.url() + ": "
                    + cause.getMessage(), e);
        }
    }
}
