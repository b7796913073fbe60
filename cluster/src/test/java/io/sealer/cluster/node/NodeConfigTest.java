package io.sealer.cluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mistake in the configuration is one line naming the file and line. */
class NodeConfigTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("application.conf"), text);
    }

    private static String describe(Runnable load) {
        return NodeConfig.describe(assertThrows(ConfigException.class, load::run));
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLine() throws IOException {
        Path f = write("sealer {\n  miner.id = 1000\n  chain { wait-seed = 5s }}\n}\n");
        assertEquals(f + " line 4: unbalanced close brace '}' with no open brace (if you intended '}' to be part of"
                + " a key or string value, try enclosing the key or value in double quotes)",
                describe(() -> ConfigFactory.parseFile(f.toFile())));
    }

    @Test
    void aWrongTypeNamesTheFileLineAndKey() throws IOException {
        Path f = write("sealer {\n  miner.id = lots\n}\n");
        Config config = ConfigFactory.parseFile(f.toFile()).withFallback(ConfigFactory.load()).resolve();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.settings(config, NodeSettings::fromConfig));
        assertEquals(f + " line 2: sealer.miner.id has type STRING rather than NUMBER", e.getMessage());
    }

    @Test
    void theTestConfigurationBindsLoopbackOnAFreePort() {
        Config config = NodeConfig.load();
        assertEquals("127.0.0.1", config.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(0, config.getInt("pekko.remote.artery.canonical.port"));
        Config product = ConfigFactory.defaultReference();
        assertEquals(7355, product.getInt("pekko.remote.artery.canonical.port"));
        assertEquals("<getHostAddress>", product.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(false, product.getBoolean("pekko.cluster.jmx.multi-mbeans-in-same-jvm"));
    }
}
