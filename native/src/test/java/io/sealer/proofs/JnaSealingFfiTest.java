package io.sealer.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading libsealcore: its version comes from the build, its status and phase lists match Java's, paths are bounded. */
class JnaSealingFfiTest {
    private static final SealingFfi FFI = JnaSealingFfi.get();

    @Test
    void libraryReportsTheVersionOfThisBuild() {
        String expected = SealCoreLibrary.expectedVersion();
        assertFalse(expected.isBlank() || expected.contains("${"), "filtered version: " + expected);
        assertEquals(expected, FFI.version());
    }

    @Test
    void statusCodesAndPhasesMatchTheHeader() throws Exception {
        String header = Files.readString(Path.of("c/include/sealcore.h"));
        Map<String, Integer> status = enumValues(header, "sc_status");
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (NativeStatus s : NativeStatus.values()) {
            expected.put(s.name(), s.code());
        }
        assertEquals(expected, status);
        List<String> phases = new ArrayList<>(enumValues(header, "sc_phase").keySet());
        List<String> javaPhases = new ArrayList<>();
        for (NativeProgress.Phase p : NativeProgress.Phase.values()) {
            javaPhases.add("PHASE_" + p.name());
        }
        assertEquals(javaPhases, phases);
        Map<String, Integer> phaseValues = enumValues(header, "sc_phase");
        for (NativeProgress.Phase p : NativeProgress.Phase.values()) {
            assertEquals(p.ordinal(), phaseValues.get("PHASE_" + p.name()));
        }
    }

    /** NAME (without SC_) to value of the C enum `typedef enum name { ... }`. */
    private static Map<String, Integer> enumValues(String header, String name) {
        int start = header.indexOf("typedef enum " + name + " {");
        String body = header.substring(start, header.indexOf('}', start));
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("SC_(\\w+) = (-?\\d+)").matcher(body);
        while (m.find()) {
            out.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return out;
    }

    @Test
    void aPathLongerThanTheNativeLimitIsRejectedInJavaNamingIt(@TempDir Path dir) {
        Path longFile = dir.resolve("x".repeat(200)).resolve("y".repeat(200)).resolve("z".repeat(4000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FFI.commPFile(longFile, 127));
        assertTrue(e.getMessage().startsWith("piece path is too long ("), e.getMessage());
        assertTrue(e.getMessage().endsWith(longFile.toAbsolutePath().toString()), e.getMessage());
        Path longDir = dir.resolve("d".repeat(SealInputs.PATH_MAX - SealInputs.DIR_RESERVE));
        e = assertThrows(IllegalArgumentException.class, () -> FFI.ensureParentCache(5, longDir));
        assertTrue(e.getMessage().contains("parent cache directory path is too long"), e.getMessage());
    }

    @Test
    void cAlsoRejectsTooLongPaths() {
        // SealInputs stops these in Java; the C check is the second line of defence
        String path = "/" + "a".repeat(SealInputs.PATH_MAX);
        SealCoreLibrary lib = SealCoreLibrary.load();
        int rc = lib.sc_commp_file(path, 127, new byte[32]);
        assertEquals(NativeStatus.ERR_ARG, NativeStatus.of(rc));
        assertTrue(lib.sc_last_error().contains("too long"), lib.sc_last_error());
    }
}
