package io.sealer.cluster.node;

import io.sealer.cluster.api.auth.ApiAddress;
import io.sealer.cluster.repo.NodeRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A running miner's published address and admin token, as Lotus's {@code api} and
 * {@code token} files: written (token readable by the owner only) once the API listens, and
 * removed on a clean stop so that a stale address never points clients at a dead port. After a
 * kill -9 they stay until the next start overwrites them.
 */
final class ApiFiles {
    private ApiFiles() {}

    static void publish(NodeRepo repo, ApiAddress address, String adminToken) throws IOException {
        write(repo.apiFile(), address.multiaddr());
        write(repo.tokenFile(), adminToken);
    }

    static void remove(NodeRepo repo) {
        try {
            Files.deleteIfExists(repo.apiFile());
            Files.deleteIfExists(repo.tokenFile());
        } catch (IOException e) {
            // the next start overwrites them
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
