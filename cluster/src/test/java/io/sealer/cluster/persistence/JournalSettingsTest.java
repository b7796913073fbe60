package io.sealer.cluster.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sealer.core.JsonSerializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSettingsTest {

    /** A counter whose events must survive a restart of the whole ActorSystem. */
    static final class Counter extends EventSourcedBehavior<Counter.Command, Counter.Added, Counter.State> {
        sealed interface Command extends JsonSerializable permits Add, Get {}

        record Add(int n, ActorRef<Integer> replyTo) implements Command {}

        record Get(ActorRef<Integer> replyTo) implements Command {}

        record Added(int n) implements JsonSerializable {}

        record State(int total) implements JsonSerializable {}

        Counter(String id) {
            super(PersistenceId.ofUniqueId(id));
        }

        @Override
        public State emptyState() {
            return new State(0);
        }

        @Override
        public CommandHandler<Command, Added, State> commandHandler() {
            return newCommandHandlerBuilder().forAnyState()
                    .onCommand(Add.class, (s, c) -> Effect().persist(new Added(c.n())).thenReply(c.replyTo(), ns -> ns.total()))
                    .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), s.total()))
                    .build();
        }

        @Override
        public EventHandler<State, Added> eventHandler() {
            return newEventHandlerBuilder().forAnyState().onEvent(Added.class, (s, e) -> new State(s.total() + e.n())).build();
        }
    }

    private static ActorSystem<Void> system(JournalSettings journal) {
        return ActorSystem.create(Behaviors.empty(), "journal-test", journal.pekkoConfig()
                .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
                .withFallback(ConfigFactory.load()));
    }

    private static int ask(ActorSystem<Void> sys, ActorRef<Counter.Command> c, java.util.function.Function<ActorRef<Integer>, Counter.Command> m)
            throws Exception {
        return AskPattern.ask(c, m::apply, Duration.ofSeconds(20), sys.scheduler()).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void eventsInTheH2FileSurviveARestart(@TempDir Path tmp) throws Exception {
        JournalSettings journal = JournalSettings.h2File(tmp.resolve("journal"));
        ActorSystem<Void> first = system(journal);
        try {
            JournalSchema.ensure(first, journal, Duration.ofSeconds(30));
            ActorRef<Counter.Command> c = first.systemActorOf(Behaviors.setup(ctx -> new Counter("c-1")), "c", 
                    org.apache.pekko.actor.typed.Props.empty());
            ask(first, c, r -> new Counter.Add(2, r));
            assertEquals(5, ask(first, c, r -> new Counter.Add(3, r)));
        } finally {
            first.terminate();
            first.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(tmp.resolve("journal.mv.db")));
        ActorSystem<Void> second = system(journal);
        try {
            JournalSchema.ensure(second, journal, Duration.ofSeconds(30));
            Behavior<Counter.Command> again = Behaviors.setup(ctx -> new Counter("c-1"));
            ActorRef<Counter.Command> c = second.systemActorOf(again, "c", org.apache.pekko.actor.typed.Props.empty());
            assertEquals(5, ask(second, c, Counter.Get::new));
        } finally {
            second.terminate();
        }
    }

    @Test
    void theConfigurationNamesWhatIsWrong() {
        Path f = Path.of("/r/journal");
        assertEquals(JournalSettings.Kind.H2, JournalSettings.fromConfig(ConfigFactory.empty(), f).kind());
        assertEquals("sealer.journal.kind: expected h2 or postgresql, got 'mysql'", assertThrows(IllegalArgumentException.class,
                () -> JournalSettings.fromConfig(ConfigFactory.parseString("kind = mysql"), f)).getMessage());
        assertEquals("sealer.journal.user is required when kind = postgresql", assertThrows(IllegalArgumentException.class,
                () -> JournalSettings.fromConfig(ConfigFactory.parseString("kind = postgresql, url = \"jdbc:postgresql://h/db\""),
                        f)).getMessage());
        JournalSettings pg = JournalSettings.fromConfig(ConfigFactory.parseString(
                "kind = postgresql, url = \"jdbc:postgresql://db:5432/sealer\", user = s, password = p"), f);
        assertEquals("slick.jdbc.PostgresProfile$",
                pg.pekkoConfig().getString("pekko-persistence-jdbc.shared-databases.slick.profile"));
        assertEquals("jdbc:postgresql://db:5432/sealer",
                pg.pekkoConfig().getString("pekko-persistence-jdbc.shared-databases.slick.db.url"));
    }
}
