package io.sealer.proofs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * libsealcore's temporary files: every file it writes is first written as
 * {@code <final name>.tmp-<pid>-<thread id>-<counter>} and renamed when complete, and a call
 * that fails or is cancelled removes its own. Only a process that dies mid-call (kill -9, power
 * loss) leaves one behind; the pid in the name tells a later process that it is stale.
 */
public final class TemporaryFiles {
    private static final Pattern TEMPORARY = Pattern.compile(".+\\.tmp-(\\d+)-(\\d+)-(\\d+)");
    /** Sector cache directories lie at most this deep below a directory worth cleaning. */
    private static final int MAX_DEPTH = 4;

    private TemporaryFiles() {}

    /** The pid that owns a libsealcore temporary file name, or empty for any other name. */
    public static OptionalLong owner(Path file) {
        Path name = file.getFileName();
        Matcher m = TEMPORARY.matcher(name == null ? "" : name.toString());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Removes the libsealcore temporary files in dir (and its sub-directories, a few levels
     * deep) whose owning process is no longer running; files of running processes, this one
     * included, are kept. A missing dir has nothing to remove. Returns what was removed.
     */
    public static List<Path> removeStaleTemporaries(Path dir) {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                OptionalLong pid = owner(f);
                if (pid.isPresent() && !alive(pid.getAsLong()) && Files.isRegularFile(f)) {
                    try {
                        Files.deleteIfExists(f);
                        removed.add(f);
                    } catch (NoSuchFileException gone) {
                        // removed by someone else meanwhile
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean temporary files in " + dir + ": " + e.getMessage(), e);
        }
        return removed;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
