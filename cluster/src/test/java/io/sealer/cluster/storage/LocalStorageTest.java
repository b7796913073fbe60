package io.sealer.cluster.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sealer.core.task.SectorId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageTest {
    private static final SectorId SECTOR = new SectorId(1000, 1);

    @TempDir
    Path tmp;
    private LocalStorage storage;

    @BeforeEach
    void open() throws Exception {
        storage = LocalStorage.open(tmp.resolve("repo-storage.json"));
    }

    private static LocalStorage.AttachRequest init(Path p) {
        return new LocalStorage.AttachRequest(p, true, true, false, null, null, List.of(), List.of());
    }

    private Path dir(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    private String refusal(LocalStorage.AttachRequest r) {
        return assertThrows(StorageException.class, () -> storage.attach(r, id -> false)).getMessage();
    }

    @Test
    void initWritesSectorstoreJsonCreatesTheLayoutAndIsListedInStorageJson() throws Exception {
        Path p = dir("seal");
        LocalStorage.LocalPath a = storage.attach(new LocalStorage.AttachRequest(p, true, true, true, "25", "2GiB",
                List.of("fast"), List.of("workers")), id -> false);
        assertEquals(25, a.meta().weight());
        assertEquals(2L << 30, a.meta().maxStorage());
        assertEquals(List.of("fast"), a.meta().groups());
        assertEquals(a.meta(), StorageFiles.readMeta(p));
        for (FileType t : FileType.values()) {
            assertTrue(Files.isDirectory(p.resolve(t.dir()).resolve("fetching")), t.dir());
        }
        LocalStorage reopened = LocalStorage.open(tmp.resolve("repo-storage.json"));
        assertEquals(List.of(a.id()), reopened.paths().stream().map(LocalStorage.LocalPath::id).toList());
        assertEquals(LocalStorage.DEFAULT_WEIGHT, storage.attach(init(dir("other")), id -> false).meta().weight());
    }

    @Test
    void attachingAnInitializedPathReadsItsId() throws Exception {
        Path p = dir("moved");
        String id = LocalStorage.open(tmp.resolve("elsewhere.json")).attach(init(p), x -> false).id();
        LocalStorage.LocalPath again = storage.attach(new LocalStorage.AttachRequest(p, false, false, false, null, null,
                List.of(), List.of()), x -> false);
        assertEquals(id, again.id());
        assertTrue(again.meta().canSeal(), "the flags come from its sectorstore.json");
    }

    @Test
    void everyBadAttachIsOneSentence() throws Exception {
        Path a = dir("a");
        storage.attach(init(a), id -> false);
        Path missing = tmp.resolve("missing");
        assertEquals("storage path " + missing + " does not exist", refusal(init(missing)));
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        assertEquals("storage path " + file + " is not a directory", refusal(init(file)));
        assertEquals("storage path " + a + " is already attached", refusal(init(a)));
        Path inside = dir("a/inner");
        assertEquals("storage path " + inside + " is inside the attached path " + a.toRealPath(), refusal(init(inside)));
        assertEquals("storage path " + tmp + " contains the attached path " + a.toRealPath(), refusal(init(tmp)));
        Path full = dir("full");
        Files.writeString(full.resolve("data"), "x");
        assertEquals("cannot --init " + full + ": the directory is not empty", refusal(init(full)));
        Path empty = dir("empty");
        assertEquals("storage path " + empty + " has no sectorstore.json; use --init to initialize an empty directory",
                refusal(new LocalStorage.AttachRequest(empty, false, true, false, null, null, List.of(), List.of())));
        assertEquals("--weight must not be negative, got -3",
                refusal(new LocalStorage.AttachRequest(empty, true, true, false, "-3", null, List.of(), List.of())));
        assertEquals("--weight must be a whole number, got 'ten'",
                refusal(new LocalStorage.AttachRequest(empty, true, true, false, "ten", null, List.of(), List.of())));
        assertEquals("--max-storage must not be negative, got -1GiB",
                refusal(new LocalStorage.AttachRequest(empty, true, true, false, null, "-1GiB", List.of(), List.of())));
        assertTrue(refusal(new LocalStorage.AttachRequest(empty, true, true, false, null, "lots", List.of(), List.of()))
                .startsWith("--max-storage: bad size 'lots'"));
        assertEquals(1, storage.paths().size(), "nothing was attached by a refusal");
        assertFalse(Files.exists(empty.resolve("sectorstore.json")));
    }

    @Test
    void aPathAttachedElsewhereInTheIndexIsRefused() throws Exception {
        Path p = dir("shared");
        String id = LocalStorage.open(tmp.resolve("worker-storage.json")).attach(init(p), x -> false).id();
        StorageException e = assertThrows(StorageException.class, () -> storage.attach(
                new LocalStorage.AttachRequest(p, false, true, false, null, null, List.of(), List.of()), id::equals));
        assertEquals("storage path " + p + " (ID " + id + ") is already attached elsewhere in the index", e.getMessage());
        assertEquals(List.of(), storage.paths());
    }

    @Test
    void anUnwritablePathIsRefused() throws Exception {
        Path ro;
        if ("root".equals(System.getProperty("user.name"))) {
            ro = Path.of("/proc/self/fdinfo");
            assumeTrue(Files.isDirectory(ro), "root can write anywhere but in /proc");
        } else {
            ro = dir("ro");
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        assertEquals("storage path " + ro + " is not writable", refusal(init(ro)));
    }

    @Test
    void findAndRemoveStayInsideTheAttachedPaths() throws Exception {
        LocalStorage.LocalPath a = storage.attach(init(dir("a")), id -> false);
        LocalStorage.LocalPath b = storage.attach(init(dir("b")), id -> false);
        Files.writeString(a.layout().file(FileType.SEALED, SECTOR), "sealed-a");
        Files.writeString(b.layout().file(FileType.SEALED, SECTOR), "sealed-b");
        assertEquals(2, storage.find(FileType.SEALED, SECTOR).size());
        assertEquals(List.of(a.id()), storage.remove(FileType.SEALED, SECTOR, Set.of(b.id())));
        assertFalse(Files.exists(a.layout().file(FileType.SEALED, SECTOR)));
        assertTrue(Files.exists(b.layout().file(FileType.SEALED, SECTOR)));

        Path secret = Files.writeString(tmp.resolve("secret"), "outside");
        Files.createSymbolicLink(a.layout().file(FileType.UNSEALED, SECTOR), secret);
        assertEquals("s-t01000-1 resolves outside its storage path",
                assertThrows(IllegalArgumentException.class, () -> storage.find(FileType.UNSEALED, SECTOR)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> storage.remove(FileType.UNSEALED, SECTOR, Set.of()));
        assertEquals("outside", Files.readString(secret));

        FsStat stat = storage.stat(b);
        assertTrue(stat.capacity() > 0 && stat.fsAvailable() > 0);
        assertEquals("sealed-b".length() + Files.size(b.root().resolve("sectorstore.json")), stat.used());
    }
}
