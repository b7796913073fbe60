package io.sealer.cluster.sealing;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where SDR parent cache files live: one directory per machine, shared by every sector, every
 * repository and the bench commands, as in Lotus: $FIL_PROOFS_PARENT_CACHE, else
 * /var/tmp/filecoin-parents (docs/proofs.md, "Parent cache").
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
