package io.sealer.cluster.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealer.core.task.SectorId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sector file layout, the sectors held and the next free sector number (a new run never overwrites a sector). */
class SectorFilesTest {
    @TempDir
    Path root;

    @Test
    void nextSectorNumberSkipsEverySectorOnDisk() throws Exception {
        SectorFiles files = new SectorFiles(root);
        assertEquals(1, files.nextSectorNumber(1000), "empty storage");
        Files.createDirectories(files.cache(new SectorId(1000, 7)));
        Files.createDirectories(files.sealed(new SectorId(1000, 1)).getParent());
        Files.writeString(files.sealed(new SectorId(1000, 3)), "x");
        Files.createDirectories(files.unsealed(new SectorId(1000, 9)).getParent());
        Files.writeString(root.resolve("unsealed/s-t01000-9.tmp"), "partial");
        Files.writeString(root.resolve("unsealed/s-t02000-50"), "another miner");
        Files.writeString(root.resolve("unsealed/notes.txt"), "?");
        assertEquals(10, files.nextSectorNumber(1000));
        assertEquals(51, files.nextSectorNumber(2000));
        assertEquals(root.resolve("cache/s-t01000-7"), files.cache(new SectorId(1000, 7)));
    }

    @Test
    void heldSectorsHaveACompleteFileOfAnyKind() throws Exception {
        SectorFiles files = new SectorFiles(root);
        assertEquals(Set.of(), files.heldSectors(), "empty storage");
        Files.createDirectories(files.cache(new SectorId(1000, 7)));
        Files.createDirectories(files.sealed(new SectorId(1000, 1)).getParent());
        Files.writeString(files.sealed(new SectorId(1000, 3)), "x");
        Files.createDirectories(files.unsealed(new SectorId(1000, 9)).getParent());
        Files.writeString(root.resolve("unsealed/s-t01000-9.tmp-77-1-2"), "being written");
        Files.writeString(files.unsealed(new SectorId(2000, 50)), "another miner");
        Files.writeString(root.resolve("unsealed/notes.txt"), "?");
        assertEquals(List.of(new SectorId(1000, 3), new SectorId(1000, 7), new SectorId(2000, 50)),
                List.copyOf(files.heldSectors()));
    }
}
