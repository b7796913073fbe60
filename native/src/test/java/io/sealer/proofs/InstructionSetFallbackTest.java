package io.sealer.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library gives identical results without SHA-NI and without ADX: a child JVM with
 * SEALCORE_NO_SHANI=1 (or SEALCORE_NO_ADX=1) uses the portable code, which the dispatch only
 * reads at load time, and must compute the same CommP, parent cache, labels, Poseidon and comm_r
 * as this JVM.
 */
class InstructionSetFallbackTest {

    @Test
    void withoutShaNi(@TempDir Path dir) throws Exception {
        compareWith("SEALCORE_NO_SHANI", "sha256", dir);
    }

    @Test
    void withoutAdx(@TempDir Path dir) throws Exception {
        compareWith("SEALCORE_NO_ADX", "frMul", dir);
    }

    private static void compareWith(String env, String implKey, Path dir) throws Exception {
        Map<String, String> here = FallbackProbe.results(dir);
        Map<String, String> there = child(env);
        assertEquals("portable", there.get(implKey), there.toString());
        Map<String, String> a = new LinkedHashMap<>(here);
        Map<String, String> b = new LinkedHashMap<>(there);
        a.remove(implKey);
        b.remove(implKey);
        assertEquals(a, b);
    }

    private static Map<String, String> child(String env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FallbackProbe.class.getName()).redirectErrorStream(true);
        pb.environment().put(env, "1");
        String libPath = System.getProperty("jna.library.path");
        if (libPath != null) {
            pb.command().add(1, "-Djna.library.path=" + libPath);
        }
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("probe did not finish: " + output);
        }
        assertEquals(0, p.exitValue(), output);
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.contains(File.separator + "java")) {
                out.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        return out;
    }
}
