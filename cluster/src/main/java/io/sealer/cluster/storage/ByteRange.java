package io.sealer.cluster.storage;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a file, from an HTTP {@code Range} header with a single range
 * ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}), so /remote can seek to it instead of
 * reading the file from the start. Several ranges are left to the HTTP layer.
 */
public record ByteRange(long start, long length) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

    /** Thrown for a range that lies wholly past the end of the file (answered 416). */
    public static final class UnsatisfiableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnsatisfiableException(String message) {
            super(message);
        }
    }

    /**
     * The range {@code header} asks of a file of {@code fileLength} bytes, clipped to the file;
     * empty when the header is not a single byte range (serve the whole file or let the HTTP layer decide).
     */
    public static Optional<ByteRange> parse(String header, long fileLength) throws UnsatisfiableException {
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || fileLength == 0) {
                    throw new UnsatisfiableException("the range " + header.trim() + " is empty");
                }
                long n = Math.min(suffix, fileLength);
                return Optional.of(new ByteRange(fileLength - n, n));
            }
            long start = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
            if (last < start) {
                return Optional.empty();
            }
            if (start >= fileLength) {
                throw new UnsatisfiableException("the range " + header.trim() + " starts past the end of the file ("
                        + fileLength + " bytes)");
            }
            return Optional.of(new ByteRange(start, Math.min(last, fileLength - 1) - start + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The {@code Content-Range} header value for a file of {@code fileLength} bytes. */
    public String contentRange(long fileLength) {
        return "bytes " + start + "-" + (start + length - 1) + "/" + fileLength;
    }
}
