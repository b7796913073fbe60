package io.sealer.cli.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where parent cache files live: one directory per machine, as in Lotus and rust-fil-proofs:
 * $FIL_PROOFS_PARENT_CACHE, else /var/tmp/filecoin-parents. The bench commands use it and
 * {@code sealer run} can call {@link #resolve(Map)} with the process environment.
 */
public final class ParentCacheDir {
    public static final String ENV = "FIL_PROOFS_PARENT_CACHE";
    public static final String DEFAULT = "/var/tmp/filecoin-parents";

    private ParentCacheDir() {}

    /** The parent cache directory for an environment (blank or unset: the default). */
    public static Path resolve(Map<String, String> env) {
        String dir = env.get(ENV);
        return Path.of(dir == null || dir.isBlank() ? DEFAULT : dir.trim());
    }

    /** The directory for this process's environment. */
    public static Path resolve() {
        return resolve(System.getenv());
    }
}
