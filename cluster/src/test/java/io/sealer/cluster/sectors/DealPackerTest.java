package io.sealer.cluster.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.sealer.core.sector.SectorEvent;
import io.sealer.core.sector.SectorInfo;
import io.sealer.core.sector.SectorState;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The deal packer over sectors kept in a map and moved with their real events: the first piece
 * after a start goes to a sector already waiting for deals, a piece that does not fit opens a
 * new sector, a full sector is left, pieces sent together are placed one by one in order, and
 * a sector that cannot be reached is one refusal, not a stuck packer.
 */
class DealPackerTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ConfigFactory.parseString(
            "pekko.actor.serialize-messages = on").withFallback(ConfigFactory.load()));
    private static final SealProof PROOF = SealProof.STACKED_DRG_2KIB_V1_1;
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    /** Sectors in a map; a sector number in {@code unreachable} answers with a failure. */
    private static final class MapSectors implements DealPacker.Sectors {
        final Map<Long, SectorInfo> sectors = new TreeMap<>();
        final List<Long> unreachable = new ArrayList<>();
        long next = 10;

        @Override
        public synchronized CompletionStage<Sector.PieceAdded> offer(long number, Sector.PieceToPlace piece,
                boolean open) {
            if (unreachable.contains(number)) {
                return CompletableFuture.failedFuture(new IllegalStateException("sector " + number + " did not answer"));
            }
            SectorInfo s = sectors.get(number);
            if (s == null) {
                if (!open) {
                    return CompletableFuture.completedFuture(new Sector.PieceAdded(number, 0, false, "no sector"));
                }
                s = SectorInfo.startWaitDeals(new SectorEvent.SectorStartWaitDeals(T0, new SectorId(1000, number),
                        PROOF));
            }
            var at = s.state() == SectorState.WAIT_DEALS ? s.offsetForPiece(piece.paddedSize()) : java.util.OptionalLong.empty();
            if (at.isEmpty()) {
                return CompletableFuture.completedFuture(new Sector.PieceAdded(number, 0, false, "no room"));
            }
            s = s.apply(new SectorEvent.SectorAddPiece(T0, piece.at(at.getAsLong())));
            boolean full = s.offsetForPiece(128).isEmpty();
            if (full) {
                s = s.apply(new SectorEvent.SectorStartPacking(T0, "full"));
            }
            sectors.put(number, s);
            return CompletableFuture.completedFuture(new Sector.PieceAdded(number, at.getAsLong(), full, null));
        }

        @Override
        public synchronized CompletionStage<Long> allocate() {
            return CompletableFuture.completedFuture(next++);
        }

        @Override
        public synchronized CompletionStage<List<Long>> waitingForDeals() {
            return CompletableFuture.completedFuture(sectors.entrySet().stream()
                    .filter(e -> e.getValue().state() == SectorState.WAIT_DEALS).map(Map.Entry::getKey).toList());
        }
    }

    private static Sector.PieceToPlace piece(long paddedSize, String cid) {
        return new Sector.PieceToPlace("ab".repeat(32), cid, paddedSize / 128 * 127, paddedSize, 0);
    }

    private static Sector.PieceAdded place(ActorRef<DealPacker.Command> packer, Sector.PieceToPlace p) {
        TestProbe<Sector.PieceAdded> reply = KIT.createTestProbe();
        packer.tell(new DealPacker.Place(p, reply.getRef()));
        return reply.receiveMessage(Duration.ofSeconds(5));
    }

    @Test
    void piecesFillTheWaitingSectorThenANewOne() {
        MapSectors sectors = new MapSectors();
        sectors.offer(3, piece(256, "bagaold"), true);
        ActorRef<DealPacker.Command> packer = KIT.spawn(DealPacker.create(sectors));

        assertEquals(new Sector.PieceAdded(3, 512, false, null), place(packer, piece(512, "bagaa")),
                "after a start, the sector already waiting for deals is filled first");
        assertEquals(new Sector.PieceAdded(10, 0, true, null), place(packer, piece(2048, "bagab")),
                "a whole sector's piece: a new sector, full at once");
        assertEquals(new Sector.PieceAdded(3, 1024, false, null), place(packer, piece(128, "bagac")),
                "sector 3 is still the open one");
        assertEquals(new Sector.PieceAdded(11, 0, false, null), place(packer, piece(1024, "bagad")),
                "no room for 1024 bytes in sector 3: a new open sector");
        assertEquals(new Sector.PieceAdded(11, 1024, true, null), place(packer, piece(1024, "bagae")),
                "which it fills");
        assertEquals(new Sector.PieceAdded(12, 0, false, null), place(packer, piece(128, "bagaf")),
                "a sector that started sealing takes no more pieces");
        assertEquals(SectorState.PACKING, sectors.sectors.get(10L).state());
    }

    @Test
    void piecesSentTogetherArePlacedInOrder() {
        MapSectors sectors = new MapSectors();
        ActorRef<DealPacker.Command> packer = KIT.spawn(DealPacker.create(sectors));
        TestProbe<Sector.PieceAdded> reply = KIT.createTestProbe();
        for (int i = 0; i < 4; i++) {
            packer.tell(new DealPacker.Place(piece(512, "baga" + i), reply.getRef()));
        }
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Sector.PieceAdded a = reply.receiveMessage(Duration.ofSeconds(5));
            assertEquals(10, a.sector());
            offsets.add(a.offset());
        }
        assertEquals(List.of(0L, 512L, 1024L, 1536L), offsets);
        assertEquals(List.of("baga0", "baga1", "baga2", "baga3"), sectors.sectors.get(10L).dealPieces().stream()
                .map(SectorEvent.DealPiece::cid).toList());
    }

    @Test
    void anUnreachableSectorIsOneRefusalAndThePackerGoesOn() {
        MapSectors sectors = new MapSectors();
        sectors.offer(3, piece(128, "bagaold"), true);
        sectors.unreachable.add(3L);
        ActorRef<DealPacker.Command> packer = KIT.spawn(DealPacker.create(sectors));
        assertEquals("sector 3 did not answer", place(packer, piece(128, "bagaa")).refused());
        sectors.unreachable.clear();
        assertEquals(new Sector.PieceAdded(3, 128, false, null), place(packer, piece(128, "bagab")));
    }
}
