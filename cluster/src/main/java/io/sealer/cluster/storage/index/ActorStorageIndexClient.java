package io.sealer.cluster.storage.index;

import io.sealer.cluster.storage.FileType;
import io.sealer.cluster.storage.SpaceModel;
import io.sealer.cluster.storage.StorageException;
import io.sealer.cluster.storage.StorageIndex;
import io.sealer.cluster.storage.StorageIndexClient;
import io.sealer.core.task.SectorId;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * {@link StorageIndexClient} over the miner's {@link StorageIndexActor}: each call is an ask that
 * blocks its (task dispatcher) thread for the round trip. A worker reconnects it to each new
 * cluster member ({@link #connect}); until connected, and when the index does not answer in
 * {@link #ASK_TIMEOUT}, calls fail with one sentence.
 */
public final class ActorStorageIndexClient implements StorageIndexClient {
    static final Duration ASK_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration LOCK_RETRY = Duration.ofMillis(100);
    /** A lock holder is {@code <node address>#<uuid>}, so that the locks of a node that left can be released. */
    static final String LOCK_HOLDER_SEPARATOR = "#";

    private record Target(ActorSystem<?> system, ActorRef<StorageIndexActor.Command> index) {}

    private volatile Target target;

    /** Sends every call to {@code index}, asking through {@code system}. */
    public void connect(ActorSystem<?> system, ActorRef<StorageIndexActor.Command> index) {
        target = new Target(system, index);
    }

    private <T> T ask(Function<ActorRef<T>, StorageIndexActor.Command> message) throws StorageException {
        Target t = target;
        if (t == null) {
            throw new StorageException("the storage index is not reachable yet (this node has not joined the miner)");
        }
        try {
            return AskPattern.ask(t.index(), message::apply, ASK_TIMEOUT, t.system().scheduler()).toCompletableFuture()
                    .get(ASK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while asking the storage index", e);
        } catch (Exception e) {
            throw new StorageException("the miner's storage index did not answer within " + ASK_TIMEOUT.toSeconds() + "s",
                    e);
        }
    }

    private static void check(StorageIndexActor.Ack ack) throws StorageException {
        if (ack.error() != null) {
            throw new StorageException(ack.error());
        }
    }

    @Override
    public List<StorageIndex.SectorLocation> findSector(SectorId sector, Set<FileType> types, long sectorSize,
            boolean allowFetch) throws StorageException {
        return this.<StorageIndexActor.Locations>ask(r -> new StorageIndexActor.FindSector(sector, types, sectorSize,
                allowFetch, r)).locations();
    }

    @Override
    public List<StorageIndex.PathRecord> bestAllocation(long miner, Set<FileType> types, long sectorSize,
            SpaceModel.PathType pathType) throws StorageException {
        StorageIndexActor.Allocation a = ask(r -> new StorageIndexActor.BestAllocation(miner, types, sectorSize, pathType, r));
        if (a.error() != null) {
            throw new StorageException(a.error());
        }
        return a.paths();
    }

    @Override
    public StorageIndex.Reservation reserve(String storageId, Set<FileType> types, long sectorSize,
            SpaceModel.PathType pathType) throws StorageException {
        StorageIndexActor.Reserved r = ask(to -> new StorageIndexActor.Reserve(storageId, types, sectorSize, pathType, to));
        if (r.error() != null) {
            throw new StorageException(r.error());
        }
        return r.reservation();
    }

    @Override
    public void release(long reservationId) throws StorageException {
        check(ask(r -> new StorageIndexActor.Release(reservationId, r)));
    }

    @Override
    public void declare(SectorId sector, FileType type, String storageId, boolean primary) throws StorageException {
        check(ask(r -> new StorageIndexActor.Declare(sector, type, storageId, primary, r)));
    }

    @Override
    public void drop(SectorId sector, FileType type, String storageId) throws StorageException {
        check(ask(r -> new StorageIndexActor.Drop(sector, type, storageId, r)));
    }

    @Override
    public Lock lock(SectorId sector, Set<FileType> read, Set<FileType> write, Duration timeout) throws StorageException {
        Target t0 = target;
        String holder = (t0 == null ? "" : t0.system().address().toString()) + LOCK_HOLDER_SEPARATOR
                + UUID.randomUUID();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!this.<StorageIndexActor.Locked>ask(r -> new StorageIndexActor.TryLock(sector, read, write, holder, r))
                .locked()) {
            if (System.nanoTime() > deadline) {
                throw new StorageException("the files of " + sector + " stayed locked by other tasks for "
                        + timeout.toSeconds() + "s");
            }
            try {
                Thread.sleep(LOCK_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted while waiting for the locks of " + sector, e);
            }
        }
        Target t = target;
        return () -> t.index().tell(new StorageIndexActor.Unlock(sector, holder));
    }
}
