package io.sealer.cluster.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeTest {
    /** header | file length | start | length (-1: not a single range, left to the HTTP layer). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bytes=0-99 | 1000 | 0 | 100",
            "bytes=10-19 | 1000 | 10 | 10",
            "bytes=990- | 1000 | 990 | 10",
            "bytes=990-5000 | 1000 | 990 | 10",
            "bytes=-10 | 1000 | 990 | 10",
            "bytes=-5000 | 1000 | 0 | 1000",
            "bytes=999-999 | 1000 | 999 | 1",
            "bytes=0-1,5-6 | 1000 | 0 | -1",
            "items=0-1 | 1000 | 0 | -1",
            "bytes=20-10 | 1000 | 0 | -1",
            "bytes=- | 1000 | 0 | -1",
            "bytes=99999999999999999999-1 | 1000 | 0 | -1",
    })
    void parsesSingleRanges(String header, long fileLength, long start, long length) throws Exception {
        Optional<ByteRange> r = ByteRange.parse(header, fileLength);
        assertEquals(length < 0 ? Optional.empty() : Optional.of(new ByteRange(start, length)), r);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bytes=10000000000-10000000099 | 1000 | starts past the end of the file (1000 bytes)",
            "bytes=1000- | 1000 | starts past the end",
            "bytes=-0 | 1000 | is empty",
            "bytes=0-10 | 0 | starts past the end",
    })
    void rangesPastTheEndAreUnsatisfiable(String header, long fileLength, String why) {
        String m = assertThrows(ByteRange.UnsatisfiableException.class, () -> ByteRange.parse(header, fileLength)).getMessage();
        assertTrue(m.contains(why), m);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0 | 100 | 1000 | bytes 0-99/1000", "990 | 10 | 1000 | bytes 990-999/1000"})
    void contentRange(long start, long length, long fileLength, String expected) {
        assertEquals(expected, new ByteRange(start, length).contentRange(fileLength));
    }
}
