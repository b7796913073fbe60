package io.sealer.cluster.sealing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.storage.FileType;
import io.sealer.cluster.storage.LocalStorage;
import io.sealer.cluster.storage.RemoteFetcher;
import io.sealer.cluster.storage.RemoteRoutes;
import io.sealer.cluster.storage.StorageBench;
import io.sealer.cluster.storage.StorageIndex;
import io.sealer.core.sched.FailureKind;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import io.sealer.core.worker.TaskFailure;
import io.sealer.proofs.JnaSealingFfi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetch algorithm of a node's task code (docs/operator-guide-storage.md, "Fetching") against a
 * real {@link StorageIndex}, real {@link RemoteRoutes} on loopback and a misbehaving node that
 * cuts every download in the middle: inputs that are elsewhere arrive checked and declared,
 * sources are tried lightest first, a cut download is never used nor left behind, reservations
 * are given back, and Finalize leaves the kept files on the store path and nowhere else.
 */
class IndexedStoreTest {
    private static final AllDirectives D = new AllDirectives() {};
    private static final ApiTokens TOKENS = new ApiTokens(ApiSecret.random());
    private static final SectorId ID = new SectorId(1000, 7);
    private static final SectorRef SECTOR = new SectorRef(ID, SealProof.STACKED_DRG_2KIB_V1_1);
    private static final int SIZE = 2 << 20;
    private static final byte[] DATA = new byte[SIZE];
    private static final AtomicInteger CUT = new AtomicInteger();

    private static ActorSystem<Void> system;
    private static ServerBinding cutter;

    @TempDir
    Path tmp;
    @TempDir
    Path parents;

    private final StorageIndex index = new StorageIndex(Clock.systemUTC());
    private final InMemoryIndexClient client = new InMemoryIndexClient(index);
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        new Random(7).nextBytes(DATA);
        system = StorageBench.system("indexed-store-test");
        cutter = Http.get(system).newServerAt("127.0.0.1", 0).bind(cutRoutes()).toCompletableFuture().get();
    }

    @AfterAll
    static void stop() {
        cutter.terminate(Duration.ofSeconds(2));
        system.terminate();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A node whose stat announces the real size of a file but whose downloads break off half-way. */
    private static Route cutRoutes() {
        Route stat = D.path(PathMatchers.segment("stat").slash(PathMatchers.segment()).slash(PathMatchers.segment()),
                (type, name) -> D.complete(NodeHttp.jsonResponse(StatusCodes.OK, new RemoteRoutes.FileSize(SIZE, false))));
        Source<ByteString, ?> half = Source.single(ByteString.fromArray(DATA, 0, SIZE / 2));
        return D.pathPrefix("remote", () -> D.concat(stat, D.extractRequest(req -> {
            CUT.incrementAndGet();
            return D.complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM,
                    SIZE, half.concat(Source.failed(new IllegalStateException("the serving node died"))))));
        })));
    }

    /** A node: its storage, one attached path (in the index, with its /remote URL when it serves one). */
    private record Node(String name, LocalStorage storage, LocalStorage.LocalPath path, IndexedStore store) {}

    private Node node(String name, boolean seal, boolean store, String weight, boolean serve) throws Exception {
        LocalStorage storage = LocalStorage.open(tmp.resolve(name + "-storage.json"));
        LocalStorage.LocalPath p = storage.attach(new LocalStorage.AttachRequest(
                Files.createDirectories(tmp.resolve(name)), true, seal, store, weight, null, List.of(), List.of()),
                id -> false);
        List<String> urls = List.of();
        if (serve) {
            StorageBench.Served http = StorageBench.serve(system, storage, TOKENS);
            open.add(http);
            urls = List.of("http://127.0.0.1:" + http.address().getPort() + "/remote");
        }
        index.attach(new StorageIndex.PathRecord(p.meta(), name, urls), storage.stat(p));
        return new Node(name, storage, p, new IndexedStore(storage, client, fetcher()));
    }

    private static RemoteFetcher fetcher() {
        return new RemoteFetcher(TOKENS.create(Permission.ADMIN, "test"), 5, Duration.ofSeconds(20));
    }

    /** Puts the sector's unsealed, sealed and cache files on {@code n} and declares them (primary). */
    private void holdAll(Node n) throws Exception {
        Files.write(n.path().layout().file(FileType.UNSEALED, ID), DATA);
        Files.write(n.path().layout().file(FileType.SEALED, ID), DATA);
        Path cache = Files.createDirectories(n.path().layout().file(FileType.CACHE, ID));
        Files.write(cache.resolve("sc-02-data-layer-1.dat"), DATA);
        Files.write(cache.resolve("sc-02-data-tree-r-last-0.dat"), new byte[4096]);
        Files.writeString(cache.resolve("p_aux"), "aux");
        Files.write(cache.resolve(SectorStore.COMMIT1_OUTPUT), new byte[] {1, 2, 3});
        for (FileType t : List.of(FileType.UNSEALED, FileType.SEALED, FileType.CACHE)) {
            index.declare(ID, t, n.path().id(), true);
        }
    }

    private static TaskRequest task(TaskType type) {
        return TaskRequest.of(SECTOR, type, 0);
    }

    private Set<String> holders(FileType type) {
        Set<String> out = new java.util.TreeSet<>();
        index.findSector(ID, Set.of(type), SECTOR.proof().sectorSize().bytes(), false)
                .forEach(l -> out.add(l.path().node()));
        return out;
    }

    private static boolean fetchingIsEmpty(Node n) throws Exception {
        for (FileType t : FileType.values()) {
            try (Stream<Path> s = Files.list(n.path().layout().fetching(t, ID).getParent())) {
                if (s.findAny().isPresent()) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void inputsThatAreElsewhereMoveHereCheckedAndDeclaredAndTheReservationIsGivenBack() throws Exception {
        Node a = node("a", true, false, null, true);
        Node b = node("b", true, false, null, false);
        holdAll(a);
        long available = index.available(b.path().id());

        b.store().prepare(task(TaskType.PC2), NativeTaskExecutor.fetched(task(TaskType.PC2)));

        assertArrayEquals(DATA, Files.readAllBytes(b.path().layout().file(FileType.UNSEALED, ID)));
        Path cache = b.path().layout().file(FileType.CACHE, ID);
        assertArrayEquals(DATA, Files.readAllBytes(cache.resolve("sc-02-data-layer-1.dat")));
        assertEquals("aux", Files.readString(cache.resolve("p_aux")));
        assertEquals(Set.of("b"), holders(FileType.UNSEALED), "a move: the source's copy is gone");
        assertEquals(Set.of("b"), holders(FileType.CACHE));
        assertEquals(Set.of("a"), holders(FileType.SEALED), "PreCommit2 does not read the sealed file");
        assertTrue(index.findSector(ID, Set.of(FileType.CACHE), 2048, false).get(0).primary(), "the moved copy is primary");
        assertEquals(available, index.available(b.path().id()), "the reservation is released");
        assertTrue(fetchingIsEmpty(b));
        assertFalse(Files.exists(a.path().layout().file(FileType.UNSEALED, ID)));
        assertFalse(Files.exists(a.path().layout().file(FileType.CACHE, ID)));
        assertTrue(Files.exists(a.path().layout().file(FileType.SEALED, ID)));
    }

    @Test
    void theLightestSourceIsTriedFirstAndADownloadCutOffThereIsRetriedFromTheNext() throws Exception {
        Node a = node("a", true, false, "10", true);
        Node b = node("b", true, false, null, false);
        holdAll(a);
        attachCutter("dying", "1");
        int cutBefore = CUT.get();

        b.store().prepare(task(TaskType.PC1), Set.of(FileType.UNSEALED));

        assertTrue(CUT.get() > cutBefore, "the lighter source (weight 1) was tried first");
        assertArrayEquals(DATA, Files.readAllBytes(b.path().layout().file(FileType.UNSEALED, ID)),
                "the file came whole from the other source");
        assertTrue(fetchingIsEmpty(b), "nothing of the cut download is left");
    }

    @Test
    void aDownloadCutOffEverywhereFailsTheTaskAndLeavesNothing() throws Exception {
        Node b = node("b", true, false, null, false);
        attachCutter("dying", "1");
        long available = index.available(b.path().id());

        TaskFailure f = assertThrows(TaskFailure.class,
                () -> b.store().prepare(task(TaskType.PC1), Set.of(FileType.UNSEALED)));

        assertEquals(FailureKind.TEMPORARY, f.kind());
        assertTrue(f.getMessage().contains("truncated") || f.getMessage().contains("from any of 1 source"),
                f.getMessage());
        assertFalse(Files.exists(b.path().layout().file(FileType.UNSEALED, ID)), "no partial file in place");
        assertTrue(fetchingIsEmpty(b), "no partial file in fetching/");
        assertEquals(Set.of("dying"), holders(FileType.UNSEALED), "nothing declared on b");
        assertEquals(available, index.available(b.path().id()), "the reservation is released");
    }

    @Test
    void anInputNoNodeHoldsIsMissing() throws Exception {
        Node b = node("b", true, false, null, false);
        TaskFailure f = assertThrows(TaskFailure.class,
                () -> b.store().prepare(task(TaskType.C1), Set.of(FileType.SEALED, FileType.CACHE)));
        assertEquals(FailureKind.MISSING_INPUT, f.kind());
    }

    @Test
    void withoutALocalPathWithSpaceTheTaskWaitsForSpace() throws Exception {
        Node a = node("a", true, false, null, true);
        LocalStorage storage = LocalStorage.open(tmp.resolve("tiny-storage.json"));
        LocalStorage.LocalPath p = storage.attach(new LocalStorage.AttachRequest(
                Files.createDirectories(tmp.resolve("tiny")), true, true, false, null, "1KiB", List.of(), List.of()),
                id -> false);
        index.attach(new StorageIndex.PathRecord(p.meta(), "tiny", List.of()), storage.stat(p));
        IndexedStore tiny = new IndexedStore(storage, client, fetcher());
        holdAll(a);

        TaskFailure f = assertThrows(TaskFailure.class,
                () -> tiny.prepare(task(TaskType.PC2), Set.of(FileType.UNSEALED, FileType.CACHE)));
        assertEquals(FailureKind.TEMPORARY, f.kind());
        assertTrue(f.getMessage().contains("no storage path"), f.getMessage());
        assertFalse(Files.exists(p.layout().file(FileType.UNSEALED, ID)));
    }

    @Test
    void commit2ReadsCommit1sOutputFromTheNodeWhoseCacheHasIt() throws Exception {
        Node a = node("a", true, false, null, true);
        Node b = node("b", true, false, null, false);
        TaskFailure none = assertThrows(TaskFailure.class, () -> b.store().commit1Output(SECTOR));
        assertEquals(FailureKind.MISSING_INPUT, none.kind(), "no cache anywhere: Commit1 must run again");
        holdAll(a);
        assertArrayEquals(new byte[] {1, 2, 3}, b.store().commit1Output(SECTOR));
        assertFalse(Files.exists(b.path().layout().file(FileType.CACHE, ID)), "no cache is made on b for it");
    }

    @Test
    void finalizeTrimsWhereTheCacheIsThenMovesTheKeptFilesToTheStorePathAndRemovesEveryOtherCopy() throws Exception {
        Node a = node("a", true, false, null, true);
        Node other = node("other", true, false, null, true);
        Node store = node("store", false, true, null, false);
        holdAll(a);
        holdAll(other);
        try (NativeTaskExecutor atA = executor(a); NativeTaskExecutor atStore = executor(store)) {
            Map<String, String> fin = atA.work(task(TaskType.FIN), 0);
            assertEquals(Long.toString(SIZE), fin.get("finalizeFreedBytes"), "the layer is trimmed");
            assertEquals(Set.of("a"), holders(FileType.CACHE), "the trimmed cache is the only one left");
            assertFalse(Files.exists(other.path().layout().file(FileType.CACHE, ID)));

            atStore.prepare(task(TaskType.GET));
            atStore.work(task(TaskType.GET), 0);
        }
        for (FileType t : List.of(FileType.SEALED, FileType.CACHE)) {
            assertEquals(Set.of("store"), holders(t), t + " is on the store path and nowhere else");
            assertTrue(index.findSector(ID, Set.of(t), 2048, false).get(0).primary());
            assertTrue(Files.exists(store.path().layout().file(t, ID)));
            assertFalse(Files.exists(a.path().layout().file(t, ID)));
            assertFalse(Files.exists(other.path().layout().file(t, ID)));
        }
        Path cache = store.path().layout().file(FileType.CACHE, ID);
        assertFalse(Files.exists(cache.resolve("sc-02-data-layer-1.dat")), "the moved cache is the trimmed one");
        assertTrue(Files.exists(cache.resolve("p_aux")));
        assertEquals(Set.of(), holders(FileType.UNSEALED), "a committed-capacity sector keeps no unsealed copy");
        assertFalse(Files.exists(a.path().layout().file(FileType.UNSEALED, ID)));
        assertFalse(Files.exists(other.path().layout().file(FileType.UNSEALED, ID)));
        assertTrue(fetchingIsEmpty(store));
    }

    private NativeTaskExecutor executor(Node n) {
        return new NativeTaskExecutor(JnaSealingFfi.get(), n.storage(), client, fetcher(), parents, 1);
    }

    /** A path in the index on the node that cuts downloads, declared as holding the unsealed file. */
    private void attachCutter(String name, String weight) throws Exception {
        LocalStorage storage = LocalStorage.open(tmp.resolve(name + "-storage.json"));
        LocalStorage.LocalPath p = storage.attach(new LocalStorage.AttachRequest(
                Files.createDirectories(tmp.resolve(name)), true, true, false, weight, null, List.of(), List.of()),
                id -> false);
        index.attach(new StorageIndex.PathRecord(p.meta(), name,
                List.of("http://127.0.0.1:" + cutter.localAddress().getPort() + "/remote")), storage.stat(p));
        index.declare(ID, FileType.UNSEALED, p.id(), true);
    }
}
