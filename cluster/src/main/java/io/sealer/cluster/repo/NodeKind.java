package io.sealer.cluster.repo;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The kinds of node repository, each with its default location and the variable that moves it. */
public enum NodeKind {
    MINER(".sealer-miner", "SEALER_MINER_PATH"),
    WORKER(".sealer-worker", "SEALER_WORKER_PATH");

    private final String defaultDirName;
    private final String pathVariable;

    NodeKind(String defaultDirName, String pathVariable) {
        this.defaultDirName = defaultDirName;
        this.pathVariable = pathVariable;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String pathVariable() {
        return pathVariable;
    }

    /** The repository when no --repo is given: $SEALER_MINER_PATH (or _WORKER_) else ~/.sealer-miner. */
    public Path defaultDir(Map<String, String> env, Path home) {
        String fromEnv = env.get(pathVariable);
        return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : home.resolve(defaultDirName);
    }

    /** The operator's home directory: $HOME as the shell sets it (as Lotus reads it), else Java's user.home. */
    public static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"));
    }

    /** The template of config.conf: every key with its default and a comment. */
    String configTemplateResource() {
        return label() + ".conf";
    }

    static NodeKind fromLabel(String text) {
        for (NodeKind k : values()) {
            if (k.label().equals(text.trim())) {
                return k;
            }
        }
        return null;
    }
}
