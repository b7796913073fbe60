package io.sealer.cluster.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageFilesTest {
    private static final String ID = "0b7e4f36-5a43-4c1e-9a39-2f4a8d1f0c11";

    @TempDir
    Path dir;

    @Test
    void sectorstoreJsonRoundTripsWithLotusFieldNames() throws Exception {
        PathMeta meta = new PathMeta(ID, 20, true, false, 1L << 40, List.of("fast"), List.of("workers"),
                List.of("sealed", "cache"), List.of(), List.of(), List.of("t01001"));
        StorageFiles.writeMeta(dir, meta);
        String text = Files.readString(dir.resolve("sectorstore.json"));
        for (String field : List.of("\"ID\"", "\"Weight\"", "\"CanSeal\"", "\"CanStore\"", "\"MaxStorage\"", "\"Groups\"",
                "\"AllowTo\"", "\"AllowTypes\"", "\"DenyTypes\"")) {
            assertTrue(text.contains(field), text);
        }
        assertEquals(meta, StorageFiles.readMeta(dir));
        assertFalse(Files.exists(dir.resolve("sectorstore.json.tmp")));
    }

    @Test
    void aLotusFileWithNullListsReads() throws Exception {
        Files.writeString(dir.resolve("sectorstore.json"), "{\"ID\":\"" + ID + "\",\"Weight\":10,\"CanSeal\":true,"
                + "\"CanStore\":false,\"MaxStorage\":0,\"Groups\":null,\"AllowTo\":null,\"AllowTypes\":null,"
                + "\"DenyTypes\":null,\"AllowMiners\":null,\"DenyMiners\":null}");
        PathMeta m = StorageFiles.readMeta(dir);
        assertEquals(List.of(), m.groups());
        assertTrue(m.allows(FileType.CACHE));
    }

    /** Each row replaces one field of a valid file (or all of it, for "*"). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"Weight\":10 | \"Weight\":-1 | field 'Weight' must not be negative, got -1",
            "\"MaxStorage\":0 | \"MaxStorage\":-5 | field 'MaxStorage' must not be negative, got -5",
            "\"Weight\":10 | \"Weight\":\"heavy\" | field 'Weight': expected an integer",
            "\"DenyMiners\":[] | \"DenyMiners\":[],\"Wieght\":3 | unknown field 'Wieght'",
            "\"CanSeal\":true | \"CanSeal\":\"yes\" | field 'CanSeal': expected true or false",
            "\"ID\":\"ID\" | \"ID\":\"nope\" | field 'ID': expected a UUID, got 'nope'",
            "\"ID\":\"ID\", | '' | field 'ID' is missing",
            "\"AllowTypes\":[] | \"AllowTypes\":[\"sealed\",\"seald\"] | unknown file type 'seald'",
            "\"DenyTypes\":[] | \"DenyTypes\":[\"piece\"] | unknown file type 'piece'",
            "} | '' | malformed JSON",
    })
    void badSectorstoreJsonIsOneSentenceNamingTheFileAndField(String field, String replacement, String why)
            throws Exception {
        String valid = "{\"ID\":\"ID\",\"Weight\":10,\"CanSeal\":true,\"CanStore\":false,\"MaxStorage\":0,"
                + "\"Groups\":[],\"AllowTo\":[],\"AllowTypes\":[],\"DenyTypes\":[],\"AllowMiners\":[],\"DenyMiners\":[]}";
        assertTrue(valid.contains(field), field);
        Files.writeString(dir.resolve("sectorstore.json"), valid.replace(field, replacement)
                .replace("\"ID\":\"ID\"", "\"ID\":\"" + ID + "\""));
        StorageException e = assertThrows(StorageException.class, () -> StorageFiles.readMeta(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("sectorstore.json") + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void storageJsonListsThePaths() throws Exception {
        Path file = dir.resolve("storage.json");
        assertEquals(List.of(), StorageFiles.readConfig(file).storagePaths());
        StorageFiles.writeConfig(file, new StorageFiles.StorageConfig(List.of(new StorageFiles.PathRef("/a"),
                new StorageFiles.PathRef("/b"))));
        assertEquals("{\"StoragePaths\":[{\"Path\":\"/a\"},{\"Path\":\"/b\"}]}",
                Files.readString(file).replaceAll("\\s", ""));
        assertEquals(List.of("/a", "/b"), StorageFiles.readConfig(file).storagePaths().stream()
                .map(StorageFiles.PathRef::path).toList());
        Files.writeString(file, "{\"StoragePaths\":[{}]}");
        assertEquals(file + ": every StoragePaths entry needs a Path",
                assertThrows(StorageException.class, () -> StorageFiles.readConfig(file)).getMessage());
    }

    @Test
    void typeAndMinerFilters() {
        PathMeta m = new PathMeta(ID, 10, true, true, 0, List.of(), List.of(), List.of(), List.of("cache"),
                List.of("t01000"), List.of());
        assertTrue(m.allows(FileType.SEALED));
        assertFalse(m.allows(FileType.CACHE));
        assertTrue(m.allowsMiner(1000));
        assertFalse(m.allowsMiner(1001));
        PathMeta only = new PathMeta(ID, 10, true, true, 0, List.of(), List.of(), List.of("sealed"), List.of(),
                List.of(), List.of("f01002"));
        assertTrue(only.allows(FileType.SEALED));
        assertFalse(only.allows(FileType.UNSEALED));
        assertTrue(only.allowsMiner(1000));
        assertFalse(only.allowsMiner(1002));
    }
}
