package io.sealer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The `sealer` launcher rebuilds when a source, pom or packaged resource is newer than the
 * jar, and not when the operator edits application.conf or a logback file in the repository
 * root (nor for test sources). Runs the launcher's own staleness check over a scratch tree.
 */
class LauncherTest {
    private static final String JAR = "cluster/target/sealer-cluster-0.1.0-SNAPSHOT.jar";
    private static final List<String> TREE = List.of("application.conf", "logback.xml", "pom.xml", "cluster/pom.xml",
            "cluster/src/main/java/io/sealer/cli/SealerCli.java", "cluster/src/main/resources/reference.conf",
            "cluster/src/main/resources/logback.xml", "cluster/src/test/java/io/sealer/cli/RunCommandTest.java",
            "native/c/src/pc1.c", "native/c/include/sealcore.h", "native/c/Makefile", "docs/README.md", JAR);

    @TempDir
    Path root;

    @BeforeEach
    void scratchTreeOlderThanTheJar() throws IOException {
        Files.copy(Path.of("sealer"), root.resolve("sealer"));
        Instant old = Instant.now().minusSeconds(3600);
        for (String name : TREE) {
            Path f = root.resolve(name);
            Files.createDirectories(f.getParent());
            Files.writeString(f, name);
            Files.setLastModifiedTime(f, FileTime.from(name.equals(JAR) ? old.plusSeconds(600) : old));
        }
    }

    private String check() throws IOException, InterruptedException {
        String script = "eval \"$(sed -n '/^stale() {/,/^}/p' \"$1/sealer\")\"; here=\"$1\"; jar=\"$here/" + JAR + "\";"
                + " if stale; then echo stale; else echo fresh; fi";
        Process p = new ProcessBuilder("bash", "-c", script, "check", root.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    @ParameterizedTest
    @CsvSource({
        ", fresh",
        "application.conf, fresh",
        "logback.xml, fresh",
        "docs/README.md, fresh",
        "cluster/src/test/java/io/sealer/cli/RunCommandTest.java, fresh",
        "cluster/src/main/java/io/sealer/cli/SealerCli.java, stale",
        "cluster/src/main/resources/reference.conf, stale",
        "cluster/src/main/resources/logback.xml, stale",
        "pom.xml, stale",
        "cluster/pom.xml, stale",
        "native/c/src/pc1.c, stale",
        "native/c/include/sealcore.h, stale",
        "native/c/Makefile, stale",
    })
    void rebuildsOnlyForWhatGoesIntoTheJars(String edited, String expected) throws Exception {
        if (edited != null) {
            Files.setLastModifiedTime(root.resolve(edited), FileTime.from(Instant.now()));
        }
        assertEquals(expected, check());
    }
}
