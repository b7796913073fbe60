package io.sealer.cluster.sectors;

import io.sealer.core.sched.FailureKind;
import io.sealer.core.sector.SectorEvent;
import io.sealer.core.sector.SectorInfo;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link SectorsService} over a map, for the API, CLI and RPC tests: sectors numbered from
 * 0, started at {@link #T0}, moved on with real events through {@link SectorInfo#apply}.
 * {@link #failWith} makes every call fail as a broken or silent miner would.
 */
public final class InMemorySectors implements SectorsService {
    public static final long MINER = 1000;
    public static final Instant T0 = Instant.parse("2026-11-30T22:00:00Z");
    public static final String TICKET = "0a".repeat(32);

    private final Map<Long, SectorInfo> sectors = new TreeMap<>();
    private final Map<Long, String> running = new HashMap<>();
    private final Set<Long> removing = new HashSet<>();
    private long next;
    public volatile Throwable failWith;

    public synchronized SectorInfo sector(long n) {
        return sectors.get(n);
    }

    /** Applies {@code events} to sector {@code n}. */
    public synchronized void advance(long n, SectorEvent... events) {
        SectorInfo s = sectors.get(n);
        for (SectorEvent e : events) {
            s = s.apply(e);
        }
        sectors.put(n, s);
    }

    public synchronized void running(long n, String worker) {
        running.put(n, worker);
    }

    /**
     * Sector {@code n} (Packing since T0) through AddPiece on w-ap, the ticket, PreCommit1 on
     * w-pc, a PreCommit2 that failed on w-pc and the retry: it ends in PreCommit2 since T0+10m.
     */
    public synchronized void toPreCommit2WithAFailure(long n) {
        advance(n,
                new SectorEvent.SectorPacked(T0.plusSeconds(60), "w-ap", List.of(), "ab".repeat(32), "baga6ea4seaqtest"),
                new SectorEvent.SectorTicket(T0.plusSeconds(61), TICKET),
                new SectorEvent.SectorPreCommit1(T0.plusSeconds(300), "w-pc", "cd".repeat(32)),
                new SectorEvent.SectorSealPreCommit2Failed(T0.plusSeconds(420), TaskType.PC2, "w-pc",
                        FailureKind.TEMPORARY, "gpu lost"),
                new SectorEvent.SectorRetrySealPreCommit2(T0.plusSeconds(600), "backoff over"));
    }

    private <T> CompletionStage<T> answer(T value) {
        Throwable f = failWith;
        return f != null ? CompletableFuture.failedFuture(f) : CompletableFuture.completedFuture(value);
    }

    @Override
    public synchronized CompletionStage<List<SectorView>> pledge(int count, int deals) {
        List<SectorView> started = new ArrayList<>();
        if (failWith == null) {
            for (int i = 0; i < count; i++) {
                long n = next++;
                SectorInfo s = SectorInfo.start(new SectorEvent.SectorStart(T0, new SectorId(MINER, n),
                        SealProof.STACKED_DRG_2KIB_V1_1, i < deals));
                sectors.put(n, s);
                started.add(new SectorView(s, ""));
            }
        }
        return answer(started);
    }

    @Override
    public synchronized CompletionStage<List<SectorView>> list() {
        List<SectorView> all = new ArrayList<>();
        sectors.forEach((n, s) -> all.add(new SectorView(s, running.getOrDefault(n, ""))));
        return answer(all);
    }

    @Override
    public synchronized CompletionStage<Optional<SectorView>> status(long number) {
        SectorInfo s = sectors.get(number);
        return answer(s == null ? Optional.empty() : Optional.of(new SectorView(s, running.getOrDefault(number, ""))));
    }

    @Override
    public synchronized CompletionStage<RemoveResult> remove(long number) {
        if (!sectors.containsKey(number)) {
            return answer(RemoveResult.NOT_FOUND);
        }
        return answer(removing.add(number) ? RemoveResult.REMOVING : RemoveResult.ALREADY_REMOVED);
    }

    /** Places the piece in the last sector if it waits for deals and has room, else in a new deal sector. */
    @Override
    public synchronized CompletionStage<Sector.PieceAdded> addPiece(Sector.PieceToPlace piece) {
        Long last = sectors.isEmpty() ? null : ((TreeMap<Long, SectorInfo>) sectors).lastKey();
        SectorInfo s = last == null ? null : sectors.get(last);
        if (s == null || s.state() != io.sealer.core.sector.SectorState.WAIT_DEALS
                || s.offsetForPiece(piece.paddedSize()).isEmpty()) {
            last = next++;
            s = SectorInfo.startWaitDeals(new SectorEvent.SectorStartWaitDeals(T0, new SectorId(MINER, last),
                    SealProof.STACKED_DRG_2KIB_V1_1));
        }
        long offset = s.offsetForPiece(piece.paddedSize()).getAsLong();
        sectors.put(last, s.apply(new SectorEvent.SectorAddPiece(T0, piece.at(offset))));
        return answer(new Sector.PieceAdded(last, offset, false, null));
    }

    @Override
    public synchronized CompletionStage<SealResult> startSealing(long number) {
        SectorInfo s = sectors.get(number);
        if (s == null || s.state() != io.sealer.core.sector.SectorState.WAIT_DEALS) {
            return answer(new SealResult(false, "sector " + number + " is not waiting for deals"));
        }
        sectors.put(number, s.apply(new SectorEvent.SectorStartPacking(T0, "started by the operator")));
        return answer(new SealResult(true, null));
    }
}
