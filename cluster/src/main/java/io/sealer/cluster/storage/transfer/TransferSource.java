package io.sealer.cluster.storage.transfer;

import io.sealer.cluster.storage.Tar;
import java.nio.file.Path;

/** What one transfer ticket sends: a sector file whole, or a sector directory as a tar archive. */
public sealed interface TransferSource {
    /** Bytes of the HTTP body. */
    long length();

    String contentType();

    /** A regular file of {@code length} bytes (as it was when the ticket was issued). */
    record SingleFile(Path file, long length) implements TransferSource {
        @Override
        public String contentType() {
            return "application/octet-stream";
        }
    }

    /** A directory (a cache) as the tar archive {@link Tar#layout} laid out. */
    record Archive(Tar.Layout layout) implements TransferSource {
        @Override
        public long length() {
            return layout.length();
        }

        @Override
        public String contentType() {
            return "application/x-tar";
        }
    }
}
