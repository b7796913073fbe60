package io.sealer.cluster.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** A file a download is writing: synced and closed by its {@link Writeback}. */
public interface DownloadFile {
    /** {@code fdatasync}: the file's data is on disk. */
    void sync() throws IOException;

    void close() throws IOException;

    /** A file written through a {@link FileChannel}. */
    record Channel(FileChannel channel) implements DownloadFile {
        @Override
        public void sync() throws IOException {
            channel.force(false);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
