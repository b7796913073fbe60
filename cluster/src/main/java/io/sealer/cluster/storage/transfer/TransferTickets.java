package io.sealer.cluster.storage.transfer;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The transfer tickets a node has handed out: each an unguessable name (128 random bits) for
 * one {@link TransferSource}, good for one download within its lifetime. A ticket is issued
 * only to a caller /remote has already checked (admin token), so the transfer port needs no
 * token of its own. At most {@code limit} are outstanding; expired ones are dropped as new ones
 * are issued. Thread-safe.
 */
public final class TransferTickets {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{22}");

    private record Ticket(TransferSource source, Instant expires) {}

    private final Clock clock;
    private final Duration life;
    private final int limit;
    private final SecureRandom random = new SecureRandom();
    /** In issue order, so expired tickets are at the front. */
    private final Map<String, Ticket> tickets = new LinkedHashMap<>();

    public TransferTickets(Clock clock, Duration life, int limit) {
        if (life.isNegative() || life.isZero() || limit < 1) {
            throw new IllegalArgumentException("a ticket life above 0 and a limit of at least 1 are needed, got " + life
                    + " and " + limit);
        }
        this.clock = clock;
        this.life = life;
        this.limit = limit;
    }

    /** A new ticket for {@code source}; empty when {@code limit} unexpired tickets are outstanding. */
    public synchronized Optional<String> issue(TransferSource source) {
        Instant now = clock.instant();
        tickets.values().removeIf(t -> !t.expires().isAfter(now));
        if (tickets.size() >= limit) {
            return Optional.empty();
        }
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        String name = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        tickets.put(name, new Ticket(source, now.plus(life)));
        return Optional.of(name);
    }

    /** The source of ticket {@code name}, which is used up; empty for an unknown, used or expired ticket. */
    public synchronized Optional<TransferSource> take(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Ticket t = tickets.remove(name);
        if (t == null || !t.expires().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(t.source());
    }

    /** Tickets issued and neither used nor known to have expired. */
    public synchronized int outstanding() {
        return tickets.size();
    }

    public Duration life() {
        return life;
    }
}
