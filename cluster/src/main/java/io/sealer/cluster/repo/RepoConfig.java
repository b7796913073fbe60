package io.sealer.cluster.repo;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A node's {@code config.conf}: the operator's file over the defaults of its kind. The
 * defaults live in one template per kind (every key with a comment); {@link #render} writes
 * that template with every key commented out, so a new file changes nothing and shows
 * everything. Reading rejects syntax errors, unknown keys and wrong types with the file and
 * line.
 */
public final class RepoConfig {
    private RepoConfig() {}

    /** The defaults of a kind, from its template. */
    public static Config defaults(NodeKind kind) {
        return ConfigFactory.parseString(template(kind), ConfigParseOptions.defaults()
                .setSyntax(ConfigSyntax.CONF).setOriginDescription(kind.label() + " defaults"));
    }

    /** The text of a new config.conf: the template with every key commented out. */
    public static String render(NodeKind kind) {
        StringBuilder out = new StringBuilder();
        for (String line : template(kind).split("\n", -1)) {
            String t = line.strip();
            boolean setting = !t.isEmpty() && !t.startsWith("#") && !t.endsWith("{") && !t.equals("}");
            if (setting) {
                int indent = line.indexOf(t);
                out.append(line, 0, indent).append("# ").append(t);
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }

    /** Reads {@code file} over the defaults of {@code kind}; the message of a failure names the file and line. */
    public static Config read(Path file, NodeKind kind) throws RepoException {
        Config user;
        try {
            user = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)
                    .setSyntax(ConfigSyntax.CONF));
        } catch (ConfigException.IO e) {
            throw new RepoException("cannot read " + file + ": " + e.getCause());
        } catch (ConfigException e) {
            throw new RepoException(describe(file, e));
        }
        Config defaults = defaults(kind);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            if (!defaults.hasPath(e.getKey())) {
                problems.add(file + " line " + e.getValue().origin().lineNumber() + ": unknown key '" + e.getKey()
                        + "' (known keys: " + String.join(", ", new TreeSet<>(keys(defaults))) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new RepoException(problems.get(0));
        }
        try {
            Config merged = user.withFallback(defaults).resolve();
            merged.checkValid(defaults);
            for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
                Object expected = e.getValue().unwrapped();
                if (expected instanceof Boolean) {
                    merged.getBoolean(e.getKey());
                } else if (expected instanceof Number) {
                    merged.getNumber(e.getKey());
                }
            }
            return merged;
        } catch (ConfigException e) {
            throw new RepoException(describe(file, e));
        }
    }

    private static List<String> keys(Config c) {
        List<String> keys = new ArrayList<>();
        c.entrySet().forEach(e -> keys.add(e.getKey()));
        return keys;
    }

    /** "FILE line N: what" from a Typesafe Config error, without its origin prefix. */
    private static String describe(Path file, ConfigException e) {
        String msg = e.getMessage() == null ? "invalid configuration" : e.getMessage();
        int line = e.origin() == null ? -1 : e.origin().lineNumber();
        int cut = msg.indexOf(": ");
        if (e.origin() != null && cut > 0 && msg.startsWith(e.origin().description())) {
            msg = msg.substring(cut + 2);
        }
        msg = msg.replaceAll("^\\d+: ", "");
        return file + (line > 0 ? " line " + line : "") + ": " + msg;
    }

    private static String template(NodeKind kind) {
        try (InputStream in = RepoConfig.class.getResourceAsStream(kind.configTemplateResource())) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + kind.configTemplateResource());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + kind.configTemplateResource(), e);
        }
    }
}
