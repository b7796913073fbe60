package io.sealer.cluster.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RemotePathTest {
    @Test
    void parsesEveryKindOfRequest() {
        assertEquals(new RemotePath.SectorFile(FileType.SEALED, new SectorId(1000, 7)), RemotePath.parse("/sealed/s-t01000-7"));
        assertEquals(new RemotePath.SectorFile(FileType.UPDATE_CACHE, new SectorId(0, 0)),
                RemotePath.parse("/update-cache/s-t00-0"));
        assertEquals(new RemotePath.PathStat("0b7e4f36-5a43-4c1e-9a39-2f4a8d1f0c11"),
                RemotePath.parse("/stat/0b7e4f36-5a43-4c1e-9a39-2f4a8d1f0c11"));
        assertEquals(new RemotePath.FileStat(FileType.CACHE, new SectorId(1000, 2)), RemotePath.parse("/stat/cache/s-t01000-2"));
        assertEquals(new RemotePath.Allocated(new SectorId(1000, 3), SealProof.STACKED_DRG_2KIB_V1_1, 127, 254),
                RemotePath.parse("/unsealed/s-t01000-3/5/allocated/127/254"));
    }

    /** Every unsafe or malformed form is refused with a sentence saying why. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/../sealed/s-t01000-1 | empty, . or .. segment",
            "/sealed/.. | empty, . or .. segment",
            "/sealed/./s-t01000-1 | empty, . or .. segment",
            "/sealed//s-t01000-1 | empty, . or .. segment",
            "/sealed/s-t01000-1/ | empty, . or .. segment",
            "/sealed/..%2F..%2Fetc%2Fpasswd | encoded or escaped character",
            "/sealed/%2e%2e | encoded or escaped character",
            "/%2e%2e/%2e%2e/etc/passwd | encoded or escaped character",
            "/sealed/s-t01000-1%2F..%2F.. | encoded or escaped character",
            "/sealed/..\\..\\etc | encoded or escaped character",
            "//etc/passwd | empty, . or .. segment",
            "/etc/passwd | unknown file type 'etc'",
            "/piece/s-t01000-1 | unknown file type 'piece'",
            "/Sealed/s-t01000-1 | unknown file type 'Sealed'",
            "/sealed/passwd | malformed sector name 'passwd'",
            "/sealed/s-t01000-01 | malformed sector name",
            "/sealed/s-t01000--1 | malformed sector name",
            "/sealed/s-t0-1000-1 | malformed sector name",
            "/sealed/s-t01000-1.bak | malformed sector name",
            "/sealed/s-t01000-99999999999999999999 | malformed sector name",
            "/stat/not-a-uuid | malformed storage ID 'not-a-uuid'",
            "/sealed/s-t01000-1/5/allocated/0/127 | only for unsealed files",
            "/unsealed/s-t01000-1/99/allocated/0/127 | unknown seal proof '99'",
            "/unsealed/s-t01000-1/5/allocated/-1/127 | the offset must be a whole number from 0 up",
            "/unsealed/s-t01000-1/5/allocated/0/x | the size must be a whole number from 0 up",
            "/sealed/s-t01000-1/extra | unknown /remote path",
            "/sealed | unknown /remote path",
    })
    void refusesUnsafeAndMalformedPaths(String raw, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RemotePath.parse(raw));
        assertTrue(e.getMessage().contains(why), raw + " -> " + e.getMessage());
    }
}
