package io.sealer.cli.bench;

import java.nio.file.Path;

/** Where parent cache files live: $FIL_PROOFS_PARENT_CACHE, else /var/tmp/filecoin-parents (as rust-fil-proofs). */
final class ParentCacheDir {
    static final String ENV = "FIL_PROOFS_PARENT_CACHE";
    static final String DEFAULT = "/var/tmp/filecoin-parents";

    private ParentCacheDir() {}

    static Path resolve() {
        String env = System.getenv(ENV);
        return Path.of(env == null || env.isBlank() ? DEFAULT : env);
    }
}
