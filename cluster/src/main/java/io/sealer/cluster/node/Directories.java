package io.sealer.cluster.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one check and wording for a directory option or key (--repo, --dir, sealer.repo). */
public final class Directories {
    private Directories() {}

    /**
     * Creates {@code dir} if it is missing and returns its absolute, normalized path.
     *
     * @throws IllegalArgumentException "not a writable directory: PATH" when it cannot be created,
     *     is not a directory or cannot be written
     */
    public static Path requireWritable(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs);
        } catch (IOException | SecurityException e) {
            throw notWritable(abs);
        }
        if (!Files.isDirectory(abs) || !Files.isWritable(abs)) {
            throw notWritable(abs);
        }
        return abs;
    }

    static IllegalArgumentException notWritable(Path dir) {
        return new IllegalArgumentException("not a writable directory: " + dir);
    }
}
