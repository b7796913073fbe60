package io.sealer.cluster.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SectorNumbersTest {
    private static final ActorTestKit KIT = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
            .withFallback(com.typesafe.config.ConfigFactory.parseString("pekko.actor.provider = local")));
    private final EventSourcedBehaviorTestKit<SectorNumbers.Command, SectorNumbers.Allocated, SectorNumbers.State> numbers =
            EventSourcedBehaviorTestKit.create(KIT.system(), SectorNumbers.create(1000));

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void clear() {
        numbers.clear();
    }

    @Test
    void numbersAreConsecutiveAndNeverReusedAfterARestart() {
        var first = numbers.<SectorNumbers.Allocation>runCommand(r -> new SectorNumbers.Allocate(2, r));
        assertEquals(new SectorNumbers.Allocation(1, 2), first.reply());
        assertEquals(new SectorNumbers.Allocated(1, 2), first.event());
        var second = numbers.<SectorNumbers.Allocation>runCommand(r -> new SectorNumbers.Allocate(3, r));
        assertEquals(new SectorNumbers.Allocation(3, 3), second.reply());

        numbers.restart();
        assertEquals(6L, numbers.<Long>runCommand(SectorNumbers.GetNext::new).reply());
        assertEquals(new SectorNumbers.Allocation(6, 1),
                numbers.<SectorNumbers.Allocation>runCommand(r -> new SectorNumbers.Allocate(1, r)).reply());
    }
}
