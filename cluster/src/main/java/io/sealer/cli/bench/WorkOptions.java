package io.sealer.cli.bench;

import io.sealer.cluster.sealing.ParentCacheDir;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a bench run that seals a temporary sector works: --parent-cache, --dir and --keep. */
final class WorkOptions {
    @Option(names = "--parent-cache", description = "Parent cache directory (default: $" + ParentCacheDir.ENV + " or "
            + ParentCacheDir.DEFAULT + ").")
    Path parentCache;

    @Option(names = "--dir", description = "Parent directory for the temporary sector (default: java.io.tmpdir).")
    Path dir;

    @Option(names = "--keep", description = "Keep the temporary sector and its files.")
    boolean keep;

    Path parentCacheDir() {
        return parentCache != null ? parentCache : ParentCacheDir.resolve();
    }

    Path workParent() {
        return dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
