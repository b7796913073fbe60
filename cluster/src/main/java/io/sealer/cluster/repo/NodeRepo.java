package io.sealer.cluster.repo;

import com.typesafe.config.Config;
import io.sealer.cluster.api.auth.ApiSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A node's repository directory: what kind of node it belongs to, its {@code config.conf},
 * and (on a miner) the API secret and the embedded journal database. {@link #openOrInit}
 * initialises an empty or missing directory and refuses one that belongs to another kind of
 * node or holds foreign files. Files are written to a temporary name and renamed, so an
 * interrupted init never leaves a half-written repository that looks valid.
 */
public final class NodeRepo {
    static final String KIND_FILE = "node-kind";
    static final String CONFIG_FILE = "config.conf";
    static final String SECRET_FILE = "api-secret";

    private final Path dir;
    private final NodeKind kind;

    private NodeRepo(Path dir, NodeKind kind) {
        this.dir = dir;
        this.kind = kind;
    }

    public Path dir() {
        return dir;
    }

    public NodeKind kind() {
        return kind;
    }

    public Path configFile() {
        return dir.resolve(CONFIG_FILE);
    }

    public Path apiSecretFile() {
        return dir.resolve(SECRET_FILE);
    }

    /** Where a running node publishes its API multiaddr (Lotus's {@code api} file). */
    public Path apiFile() {
        return dir.resolve("api");
    }

    /** Where a running node publishes an admin token (Lotus's {@code token} file). */
    public Path tokenFile() {
        return dir.resolve("token");
    }

    /** The embedded H2 database of the miner's journal (file name without H2's suffix). */
    public Path journalDatabase() {
        return dir.resolve("journal");
    }

    /** config.conf over the kind's defaults, validated. */
    public Config config() throws RepoException {
        return RepoConfig.read(configFile(), kind);
    }

    /** Opens the repository at {@code dir}, initialising it when missing or empty. */
    public static NodeRepo openOrInit(Path dir, NodeKind kind) throws RepoException {
        if (dir.toString().isBlank()) {
            throw new RepoException("the repository path is empty");
        }
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new RepoException("not a directory: " + abs);
        }
        Path kindFile = abs.resolve(KIND_FILE);
        if (Files.isRegularFile(kindFile)) {
            return open(abs, kind);
        }
        if (Files.isDirectory(abs) && !isEmpty(abs)) {
            throw new RepoException("repository " + abs + " is not empty and was not initialised by sealer; "
                    + "choose an empty or new directory");
        }
        try {
            Files.createDirectories(abs);
            if (!Files.isWritable(abs)) {
                throw new RepoException("not a writable directory: " + abs);
            }
            writeAtomically(abs.resolve(CONFIG_FILE), RepoConfig.render(kind));
            if (kind == NodeKind.MINER) {
                ApiSecret.loadOrCreate(abs.resolve(SECRET_FILE));
            }
            writeAtomically(kindFile, kind.label() + "\n");
        } catch (IOException e) {
            throw new RepoException("cannot initialise repository " + abs + ": " + e.getMessage(), e);
        }
        return new NodeRepo(abs, kind);
    }

    /** Opens an initialised repository; one of another kind is refused with what it is. */
    public static NodeRepo open(Path dir, NodeKind kind) throws RepoException {
        Path abs = dir.toAbsolutePath().normalize();
        Path kindFile = abs.resolve(KIND_FILE);
        if (!Files.isRegularFile(kindFile)) {
            throw new RepoException("no " + kind.label() + " repository at " + abs + " (start the node once to "
                    + "initialise it, or pass --repo)");
        }
        String found;
        try {
            found = Files.readString(kindFile).trim();
        } catch (IOException e) {
            throw new RepoException("cannot read " + kindFile + ": " + e.getMessage(), e);
        }
        NodeKind actual = NodeKind.fromLabel(found);
        if (actual == null) {
            throw new RepoException(kindFile + " is damaged: '" + found + "' is not miner or worker");
        }
        if (actual != kind) {
            throw new RepoException("repository " + abs + " belongs to a " + actual.label() + " node, not a "
                    + kind.label() + " node");
        }
        if (!Files.isWritable(abs)) {
            throw new RepoException("not a writable directory: " + abs);
        }
        return new NodeRepo(abs, kind);
    }

    private static boolean isEmpty(Path dir) throws RepoException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new RepoException("cannot read directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code text} to a temporary sibling, then renames it over {@code file}. */
    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
