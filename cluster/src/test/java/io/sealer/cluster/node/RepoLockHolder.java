package io.sealer.cluster.node;

import java.nio.file.Path;

/** A second process for RepoLockTest: locks the repository given, says so, and holds it until killed or stdin closes. */
public final class RepoLockHolder {
    private RepoLockHolder() {}

    public static void main(String[] args) throws Exception {
        try (RepoLock lock = RepoLock.acquire(Path.of(args[0]))) {
            System.out.println("locked " + lock.hashCode());
            System.out.flush();
            while (System.in.read() != -1) {
                // hold the lock
            }
        }
    }
}
