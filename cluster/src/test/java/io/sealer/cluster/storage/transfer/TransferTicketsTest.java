package io.sealer.cluster.storage.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.storage.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransferTicketsTest {
    private static final TransferSource FILE = new TransferSource.SingleFile(Path.of("/srv/sealed/s-t01000-1"), 2048);
    private static final TransferSource OTHER = new TransferSource.SingleFile(Path.of("/srv/sealed/s-t01000-2"), 2048);

    private final MutableClock clock = new MutableClock();
    private final TransferTickets tickets = new TransferTickets(clock, Duration.ofSeconds(60), 3);

    @Test
    void aTicketNamesItsSourceForOneDownload() {
        String a = tickets.issue(FILE).orElseThrow();
        String b = tickets.issue(OTHER).orElseThrow();
        assertNotEquals(a, b);
        assertTrue(a.matches("[A-Za-z0-9_-]{22}"), a);
        assertEquals(Optional.of(OTHER), tickets.take(b));
        assertEquals(Optional.of(FILE), tickets.take(a));
        assertEquals(Optional.empty(), tickets.take(a), "used up");
        assertEquals(0, tickets.outstanding());
    }

    @Test
    void aTicketExpiresAtTheEndOfItsLife() {
        String early = tickets.issue(FILE).orElseThrow();
        clock.advance(Duration.ofSeconds(30));
        String late = tickets.issue(OTHER).orElseThrow();
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), tickets.take(early), "60 s old");
        assertEquals(Optional.of(OTHER), tickets.take(late), "30 s old");
    }

    @Test
    void noMoreThanTheLimitAreOutstandingAndExpiredOnesMakeRoom() {
        for (int i = 0; i < 3; i++) {
            assertTrue(tickets.issue(FILE).isPresent());
        }
        assertEquals(Optional.empty(), tickets.issue(FILE), "a fourth is refused: /remote serves the bytes itself");
        clock.advance(Duration.ofSeconds(61));
        assertTrue(tickets.issue(FILE).isPresent());
        assertEquals(1, tickets.outstanding());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "AAAAAAAAAAAAAAAAAAAAA/", "../../../../etc/passwd", "AAAAAAAAAAAAAAAAAAAAAAA",
            "AAAAAAAAAAAAAAAAAAAA%2F"})
    void malformedOrUnknownNamesFindNothing(String name) {
        tickets.issue(FILE);
        assertEquals(Optional.empty(), tickets.take(name));
        assertEquals(1, tickets.outstanding(), "nothing was used up");
    }

    @Test
    void aTicketTableNeedsALifeAndRoom() {
        assertThrows(IllegalArgumentException.class, () -> new TransferTickets(clock, Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> new TransferTickets(clock, Duration.ofSeconds(1), 0));
    }
}
