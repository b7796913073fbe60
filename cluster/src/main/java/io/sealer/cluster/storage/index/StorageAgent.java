package io.sealer.cluster.storage.index;

import io.sealer.cluster.storage.FileType;
import io.sealer.cluster.storage.FsStat;
import io.sealer.cluster.storage.LocalStorage;
import io.sealer.cluster.storage.SectorName;
import io.sealer.cluster.storage.StorageException;
import io.sealer.cluster.storage.StorageIndex;
import io.sealer.core.JsonSerializable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One per node with storage: reports the node's paths (with its /remote URL), their filesystem
 * stats and the sector files found on them to the miner's {@link StorageIndexActor}, at start
 * (a full report: what it does not find is dropped from the index) and then every
 * {@link StorageIndex#HEARTBEAT_PERIOD} (found files are only added; files removed by task code
 * are dropped by that code). Stats and directory listings are taken on the blocking executor,
 * never on the actor's thread. {@link Rescan} reports at once (after a path is attached);
 * {@link Detach} (the node is stopping) has the index forget the node's paths and stops reporting.
 */
public final class StorageAgent {
    /** Who this node is to the index: a name stable across restarts, its cluster address, its host name and /remote URLs. */
    public record Identity(String node, String address, String host, List<String> urls) {
        public Identity {
            urls = List.copyOf(urls);
        }
    }

    public sealed interface Command extends JsonSerializable permits Rescan, Detach, Scanned, Replied {}

    /** Report now (a path was attached). */
    public enum Rescan implements Command { INSTANCE }

    /** Stop reporting and have the index detach this node's paths; the index acknowledges to {@code replyTo}. */
    public record Detach(ActorRef<StorageIndexActor.Ack> replyTo) implements Command {}

    record Scanned(List<StorageIndexActor.PathReport> paths, List<StorageIndexActor.FoundFile> files, boolean full)
            implements Command {}

    record Replied(StorageIndexActor.Ack ack) implements Command {}

    private StorageAgent() {}

    public static Behavior<Command> create(LocalStorage storage, Identity identity,
            ActorRef<StorageIndexActor.Command> index, Executor blocking) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Rescan.INSTANCE, StorageIndex.HEARTBEAT_PERIOD);
            scan(ctx, storage, identity, blocking, true);
            ActorRef<StorageIndexActor.Ack> acks = ctx.messageAdapter(StorageIndexActor.Ack.class, Replied::new);
            String[] lastError = {null};
            return Behaviors.receive(Command.class)
                    .onMessageEquals(Rescan.INSTANCE, () -> {
                        scan(ctx, storage, identity, blocking, false);
                        return Behaviors.same();
                    })
                    .onMessage(Detach.class, d -> {
                        timers.cancelAll();
                        index.tell(new StorageIndexActor.Detach(identity.node(), d.replyTo()));
                        return Behaviors.ignore();
                    })
                    .onMessage(Scanned.class, s -> {
                        index.tell(new StorageIndexActor.NodeReport(identity.node(), identity.address(), identity.host(),
                                s.paths(), s.files(), s.full(), acks));
                        return Behaviors.same();
                    })
                    .onMessage(Replied.class, r -> {
                        String error = r.ack().error();
                        if (error != null && !error.equals(lastError[0])) {
                            ctx.getLog().warn("the storage index refused this node's paths: {}", error);
                        }
                        lastError[0] = error;
                        return Behaviors.same();
                    })
                    .build();
        }));
    }

    private static void scan(ActorContext<Command> ctx, LocalStorage storage, Identity identity, Executor blocking,
            boolean full) {
        ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> collect(storage, identity, full), blocking), (scanned, e) ->
                scanned != null ? scanned : new Scanned(List.of(), List.of(), false));
    }

    /** Stats and sector files of every local path (blocking). */
    static Scanned collect(LocalStorage storage, Identity identity, boolean full) {
        List<StorageIndexActor.PathReport> reports = new ArrayList<>();
        List<StorageIndexActor.FoundFile> files = new ArrayList<>();
        for (LocalStorage.LocalPath p : storage.paths()) {
            StorageIndex.PathRecord record = new StorageIndex.PathRecord(p.meta(), identity.node(), identity.urls());
            try {
                FsStat stat = storage.stat(p);
                reports.add(new StorageIndexActor.PathReport(record, stat, null));
            } catch (StorageException e) {
                reports.add(new StorageIndexActor.PathReport(record, null, e.getMessage()));
                continue;
            }
            for (FileType t : FileType.values()) {
                Path dir = p.root().resolve(t.dir());
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> entries = Files.list(dir)) {
                    entries.forEach(f -> {
                        try {
                            files.add(new StorageIndexActor.FoundFile(SectorName.parse(f.getFileName().toString()), t,
                                    p.id()));
                        } catch (IllegalArgumentException notASector) {
                            // fetching/, temporaries
                        }
                    });
                } catch (IOException e) {
                    // reported by the next stat
                }
            }
        }
        return new Scanned(reports, files, full);
    }
}
