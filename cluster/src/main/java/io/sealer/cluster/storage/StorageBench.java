package io.sealer.cluster.storage;

import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.storage.transfer.DirectDownload;
import io.sealer.cluster.storage.transfer.TransferServer;
import io.sealer.cluster.storage.transfer.TransferSource;
import io.sealer.core.resources.Bytes;
import io.sealer.core.task.SectorId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Measures /remote throughput on loopback against {@code cp} of the same file (docs/operator-guide-storage.md):
 * {@code StorageBench <size> <dir>} writes a random sealed file of {@code size} into a storage path
 * under {@code dir}, then times, best of three, {@code cp} (with and without {@code sync} of the
 * copy) and {@link RemoteFetcher} downloads of it from a local node's /remote: by its transfer
 * port without and with syncing, and through its API port only.
 * {@code StorageBench space-table} prints the disk-per-stage table of the space model.
 */
public final class StorageBench {
    private static final int RUNS = 5;
    private static final int WARM_UP = 200;
    private static final SectorId SECTOR = new SectorId(1000, 1);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private StorageBench() {}

    public static void main(String[] args) throws Exception {
        RemoteFetcher.useLargeReadBuffers();
        if (args.length == 1 && args[0].equals("space-table")) {
            System.out.print(SpaceModel.markdownTable());
            return;
        }
        if (args.length != 2) {
            System.err.println("usage: StorageBench <size, e.g. 512MiB> <scratch directory> | StorageBench space-table");
            System.exit(2);
        }
        long size;
        try {
            size = Bytes.parse(args[0]);
        } catch (IllegalArgumentException e) {
            System.err.println("StorageBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path dir = Files.createDirectories(Path.of(args[1]));
        LocalStorage src = LocalStorage.open(dir.resolve("src-storage.json"));
        LocalStorage.LocalPath from = src.attach(init(Files.createDirectories(dir.resolve("src"))), id -> false);
        LocalStorage.LocalPath to = LocalStorage.open(dir.resolve("dst-storage.json"))
                .attach(init(Files.createDirectories(dir.resolve("dst"))), id -> false);
        Path file = from.layout().file(FileType.SEALED, SECTOR);
        writeRandom(file, size);
        Path copy = to.root().resolve("cp-copy");

        double cp = best(() -> run("cp", file.toString(), copy.toString()), copy);
        double cpSync = best(() -> {
            run("cp", file.toString(), copy.toString());
            run("sync", copy.toString());
        }, copy);

        ApiTokens tokens = new ApiTokens(ApiSecret.random());
        String token = tokens.create(Permission.ADMIN, "bench");
        ActorSystem<Void> system = system("storage-bench");
        try (Served direct = serve(system, src, tokens); Served api = serveThroughApi(system, src, tokens)) {
            Path fetched = to.layout().file(FileType.SEALED, SECTOR);
            warmUp(token, direct, api, from, to);
            double transfer = best(() -> new RemoteFetcher(token, 1, TIMEOUT, false).fetch(List.of(direct.url(SECTOR)),
                    FileType.SEALED, SECTOR, to.layout()), fetched);
            double stream = best(() -> stream(direct.transfer(), file, size, fetched), fetched);
            RemoteFetcher fetcher = new RemoteFetcher(token, 1, TIMEOUT);
            double remote = best(() -> fetcher.fetch(List.of(direct.url(SECTOR)), FileType.SEALED, SECTOR, to.layout()),
                    fetched);
            System.setProperty(DirectDownload.SPLICE_PROPERTY, "false");
            double javaChannels = best(() -> fetcher.fetch(List.of(direct.url(SECTOR)), FileType.SEALED, SECTOR,
                    to.layout()), fetched);
            System.clearProperty(DirectDownload.SPLICE_PROPERTY);
            double inBand = best(() -> fetcher.fetch(List.of(api.url(SECTOR)), FileType.SEALED, SECTOR, to.layout()),
                    fetched);
            System.out.printf(Locale.ROOT, "file %s, best of %d%n", Bytes.format(size), RUNS);
            row("cp", cp, size, "page cache to page cache");
            row("cp + sync", cpSync, size, "and the copy synced to disk");
            row("transfer", transfer, size, "/remote, by the transfer port, not synced: the work cp does");
            row("stream", stream, size, "of that, the transfer port's bytes alone (ticket in hand, no request to /remote)");
            row("fetch", remote, size, "/remote, by the transfer port, as nodes fetch: synced, size check, rename");
            row("fetch java", javaChannels, size, "the same read through Java channels (no splice)");
            row("fetch api", inBand, size, "the same through the API port only (TransferPort = -1)");
            System.out.printf(Locale.ROOT, "ratio transfer : cp = %.2f, stream : cp = %.2f, fetch : cp + sync = %.2f, "
                    + "fetch : cp = %.2f%n", cp / transfer, cp / stream, cpSync / remote, cp / remote);
        } finally {
            system.terminate();
        }
    }

    /** Downloads {@code file} from {@code transfer} with a ticket issued here (no /remote request), unsynced. */
    private static void stream(TransferServer transfer, Path file, long size, Path target) throws Exception {
        java.net.URI ticket = transfer.offer("127.0.0.1", new TransferSource.SingleFile(file, size)).orElseThrow();
        try (Writeback writeback = Writeback.none()) {
            if (DirectDownload.file(ticket, target, size, TIMEOUT, TIMEOUT, writeback) != size) {
                throw new IOException("the stream was cut short");
            }
            writeback.await();
        }
    }

    /**
     * Fetches a 1 MiB file {@link #WARM_UP} times through each path first, untimed, so the
     * figures are those of running nodes (compiled code, pooled connections), not of a cold JVM.
     */
    private static void warmUp(String token, Served direct, Served api, LocalStorage.LocalPath from,
            LocalStorage.LocalPath to) throws Exception {
        SectorId small = new SectorId(SECTOR.miner(), SECTOR.number() + 1);
        writeRandom(from.layout().file(FileType.SEALED, small), 1 << 20);
        RemoteFetcher fetcher = new RemoteFetcher(token, 1, TIMEOUT);
        Path copy = to.layout().file(FileType.SEALED, small);
        for (int i = 0; i < WARM_UP; i++) {
            for (Served node : List.of(direct, api)) {
                fetcher.fetch(List.of(node.url(small)), FileType.SEALED, small, to.layout());
                Files.delete(copy);
            }
        }
    }

    private static void row(String name, double seconds, long size, String what) {
        System.out.printf(Locale.ROOT, "%-10s %7.3f s %8.1f MiB/s  (%s)%n", name, seconds, mib(size, seconds), what);
    }

    /** A node serving /remote in a test or bench: its API and, unless served through the API only, its transfer port. */
    public record Served(NodeHttp http, TransferServer transfer) implements AutoCloseable {
        public java.net.InetSocketAddress address() {
            return http.address();
        }

        /** The /remote URL of {@code sector}'s sealed file on this node. */
        public String url(SectorId sector) {
            return StorageIndex.remoteUrl("http://127.0.0.1:" + address().getPort() + "/remote", FileType.SEALED, sector);
        }

        @Override
        public void close() {
            http.close();
            if (transfer != null) {
                transfer.close();
            }
        }
    }

    /** An actor system for a node that serves /remote (cluster provider, loopback, any free port). */
    public static ActorSystem<Void> system(String name) {
        return ActorSystem.create(Behaviors.empty(), name, ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.loglevel = WARNING
                pekko.http.server.raw-request-uri-header = on
                pekko.io.tcp.direct-buffer-size = 4 MiB
                """).withFallback(ConfigFactory.load()));
    }

    /** Serves {@code storage}'s /remote on 127.0.0.1, any free port, with a transfer port. */
    public static Served serve(ActorSystem<Void> system, LocalStorage storage, ApiTokens tokens) throws Exception {
        return serve(system, storage, tokens, TransferServer.start("127.0.0.1", 0, TransferServer.Settings.DEFAULT));
    }

    /** Serves {@code storage}'s /remote on 127.0.0.1, any free port, every byte through the API. */
    public static Served serveThroughApi(ActorSystem<Void> system, LocalStorage storage, ApiTokens tokens)
            throws Exception {
        return serve(system, storage, tokens, null);
    }

    private static Served serve(ActorSystem<Void> system, LocalStorage storage, ApiTokens tokens,
            TransferServer transfer) throws Exception {
        RemoteRoutes routes = new RemoteRoutes(storage, system.dispatchers().lookup(DispatcherSelector.blocking()),
                (sector, type, id) -> { }, transfer);
        return new Served(NodeHttp.start(system, "127.0.0.1", 0, tokens, routes::route).toCompletableFuture().get(),
                transfer);
    }

    private static LocalStorage.AttachRequest init(Path p) {
        return new LocalStorage.AttachRequest(p, true, true, true, null, null, List.of(), List.of());
    }

    private interface Work {
        void run() throws Exception;
    }

    /**
     * The best of {@link #RUNS} timings of {@code work}, removing {@code output} and syncing the
     * file systems before each (so no run competes with the writeback of the one before).
     */
    private static double best(Work work, Path output) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            LocalStorage.deleteTree(output);
            run("sync");
            long t0 = System.nanoTime();
            work.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        Files.deleteIfExists(output);
        return best;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }

    private static void writeRandom(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long v = random.nextLong();
                    for (int j = 0; j < 8; j++) {
                        chunk[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }

    private static double mib(long size, double seconds) {
        return size / seconds / (1 << 20);
    }
}
