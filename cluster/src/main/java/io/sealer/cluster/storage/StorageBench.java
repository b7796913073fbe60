package io.sealer.cluster.storage;

import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
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
 * copy) and a {@link RemoteFetcher} download of it from a local node's /remote (which fsyncs).
 * {@code StorageBench space-table} prints the disk-per-stage table of the space model.
 */
public final class StorageBench {
    private static final int RUNS = 3;
    private static final SectorId SECTOR = new SectorId(1000, 1);

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
        ActorSystem<Void> system = system("storage-bench");
        try (NodeHttp http = serve(system, src, tokens)) {
            String url = StorageIndex.remoteUrl("http://127.0.0.1:" + http.address().getPort() + "/remote",
                    FileType.SEALED, SECTOR);
            String token = tokens.create(Permission.ADMIN, "bench");
            RemoteFetcher fetcher = new RemoteFetcher(token, 1, Duration.ofSeconds(30));
            double curl = best(() -> run("curl", "-sf", "-o", copy.toString(), "-H", "Authorization: Bearer " + token, url),
                    copy);
            double remote = best(() -> fetcher.fetch(List.of(url), FileType.SEALED, SECTOR, to.layout()),
                    to.layout().file(FileType.SEALED, SECTOR));
            System.out.printf(Locale.ROOT, "file %s, best of %d%n", Bytes.format(size), RUNS);
            System.out.printf(Locale.ROOT, "cp         %7.3f s %8.1f MiB/s%n", cp, mib(size, cp));
            System.out.printf(Locale.ROOT, "cp + sync  %7.3f s %8.1f MiB/s%n", cpSync, mib(size, cpSync));
            System.out.printf(Locale.ROOT, "curl       %7.3f s %8.1f MiB/s (the same /remote URL, no fsync)%n", curl,
                    mib(size, curl));
            System.out.printf(Locale.ROOT, "/remote    %7.3f s %8.1f MiB/s (download, size check, fsync, rename)%n",
                    remote, mib(size, remote));
            System.out.printf(Locale.ROOT, "ratio /remote : cp = %.2f, /remote : cp + sync = %.2f%n", cp / remote,
                    cpSync / remote);
        } finally {
            system.terminate();
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

    /** Serves {@code storage}'s /remote on 127.0.0.1, any free port. */
    public static NodeHttp serve(ActorSystem<Void> system, LocalStorage storage, ApiTokens tokens) throws Exception {
        RemoteRoutes routes = new RemoteRoutes(storage, system.dispatchers().lookup(DispatcherSelector.blocking()),
                (sector, type, id) -> { });
        return NodeHttp.start(system, "127.0.0.1", 0, tokens, routes::route).toCompletableFuture().get();
    }

    private static LocalStorage.AttachRequest init(Path p) {
        return new LocalStorage.AttachRequest(p, true, true, true, null, null, List.of(), List.of());
    }

    private interface Work {
        void run() throws Exception;
    }

    /** The best of {@link #RUNS} timings of {@code work}, removing {@code output} before each. */
    private static double best(Work work, Path output) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            Files.deleteIfExists(output);
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
