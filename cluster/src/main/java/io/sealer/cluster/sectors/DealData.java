package io.sealer.cluster.sectors;

import io.sealer.core.actors.Scheduler;
import io.sealer.core.task.SealProof;
import io.sealer.proofs.JnaSealingFfi;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/** Assembles a miner's deal data: its piece store, the reads, and their routes. */
public final class DealData {
    private DealData() {}

    /**
     * The deal routes of a miner whose pieces live in {@code dir}; file and native work runs on
     * Pekko's blocking dispatcher.
     */
    public static PieceRoutes routes(ActorSystem<?> system, Path dir, SealProof proof, SectorsService sectors,
            ActorRef<Scheduler.Command> scheduler, boolean keepUnsealed) throws IOException {
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        PieceStore store = new PieceStore(dir, JnaSealingFfi.get(), proof.sectorSize(), blocking);
        return new PieceRoutes(sectors, store, new PieceReads(sectors, scheduler, system, store, blocking,
                keepUnsealed));
    }
}
