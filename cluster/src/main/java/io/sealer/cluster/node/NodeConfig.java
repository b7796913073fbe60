package io.sealer.cluster.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Loads the node's configuration (application.conf over the modules' reference.conf) and
 * turns any mistake in it into one line that names the file and line:
 * "/etc/sealer/application.conf line 3: Expecting close brace } or a comma, got end of file".
 */
public final class NodeConfig {
    private NodeConfig() {}

    /** The configuration as {@link ConfigFactory#load()} reads it. */
    public static Config load() {
        return read(ConfigFactory::load);
    }

    /** Runs {@code read} over the configuration (a settings record's fromConfig), with one-line errors. */
    public static <T> T settings(Config config, Function<Config, T> read) {
        return read(() -> read.apply(config));
    }

    private static <T> T read(Supplier<T> reader) {
        try {
            return reader.get();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    /** "FILE line N: what is wrong", or the bare message when the mistake has no place in a file. */
    static String describe(ConfigException e) {
        String message = e.getMessage();
        ConfigOrigin origin = e.origin();
        if (origin == null) {
            return "configuration: " + message;
        }
        String prefix = origin.description() + ": ";
        String what = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        String file = origin.filename() != null ? origin.filename()
                : origin.resource() != null ? origin.resource() : origin.description();
        return origin.lineNumber() > 0 ? file + " line " + origin.lineNumber() + ": " + what : file + ": " + what;
    }
}
