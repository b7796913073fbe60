package io.sealer.cluster.storage;

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

    /** Moves exactly {@code bytes} into {@code out}, telling {@code writeback} as they are written. */
    void copyTo(DownloadFile out, long bytes, Writeback writeback, String what) throws IOException;

    /** Moves everything up to the end into {@code out}; returns the bytes, or throws once more than {@code limit} arrive. */
    long copyToEnd(DownloadFile out, long limit, Writeback writeback) throws IOException;
}
