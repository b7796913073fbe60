package io.sealer.cli.bench;

import io.sealer.proofs.TemporaryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The temporary sector directories of bench runs, named {@code sealer-<kind>-<pid>-<random>} so
 * that a run killed before it could clean up is recognised by a later one (its pid is gone) and
 * removed, together with libsealcore temporaries of dead processes.
 */
final class WorkDirs {
    private static final Pattern NAME = Pattern.compile("sealer-[a-z0-9]+-(\\d+)-\\d+");

    private WorkDirs() {}

    /** A new work directory under parent (created when missing). */
    static Path create(Path parent, String kind) throws IOException {
        return Files.createTempDirectory(Files.createDirectories(parent),
                "sealer-" + kind + "-" + ProcessHandle.current().pid() + "-");
    }

    /** The pid that made a work directory, or empty for any other name. */
    static OptionalLong owner(Path dir) {
        Path name = dir.getFileName();
        Matcher m = NAME.matcher(name == null ? "" : name.toString());
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /**
     * Removes, under parent, the work directories of bench runs whose process is gone and the
     * libsealcore temporary files of dead processes in parentCache. Returns how many entries went.
     */
    static int removeStale(Path parent, Path parentCache) throws IOException {
        int removed = TemporaryFiles.removeStaleTemporaries(parentCache).size();
        if (!Files.isDirectory(parent)) {
            return removed;
        }
        try (Stream<Path> entries = Files.list(parent)) {
            for (Path dir : entries.toList()) {
                OptionalLong pid = owner(dir);
                if (pid.isPresent() && Files.isDirectory(dir)
                        && !ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
                    delete(dir);
                    removed++;
                }
            }
        }
        return removed;
    }

    static void delete(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
