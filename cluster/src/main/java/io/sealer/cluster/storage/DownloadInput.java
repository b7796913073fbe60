package io.sealer.cluster.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a download's bytes come from, read in order: exact amounts (tar headers), and runs of
 * bytes moved into files it creates. Every read that ends early is an
 * {@link java.io.EOFException} naming what was being read. Used by one thread.
 */
public interface DownloadInput {
    /** Fills {@code dst}. */
    void readFully(byte[] dst, String what) throws IOException;

    /** Reads and drops {@code bytes}. */
    void skip(long bytes, String what) throws IOException;

    /** Creates {@code file}, which must not exist, for {@link #copyTo} and {@link #copyToEnd}. */
    DownloadFile create(Path file) throws IOException;

    /**
     * Moves up to {@code max} bytes into {@code out}, fewer when the stream ends first, telling
     * {@code writeback} as they are written; returns how many.
     */
    long moveUpTo(DownloadFile out, long max, Writeback writeback) throws IOException;

    /** Whether the stream has ended with nothing left unread (what is read to find out is kept). */
    boolean atEnd() throws IOException;

    /** Moves exactly {@code bytes} into {@code out}, telling {@code writeback} as they are written. */
    default void copyTo(DownloadFile out, long bytes, Writeback writeback, String what) throws IOException {
        if (moveUpTo(out, bytes, writeback) != bytes) {
            throw new EOFException(what);
        }
    }

    /** Moves everything up to the end into {@code out}; returns the bytes, or throws when more than {@code limit} arrive. */
    default long copyToEnd(DownloadFile out, long limit, Writeback writeback) throws IOException {
        long moved = moveUpTo(out, limit, writeback);
        if (moved == limit && !atEnd()) {
            throw new IOException("the source sent more than the " + limit + " bytes it announced");
        }
        return moved;
    }
}
