package io.sealer.cluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:2345, 127.0.0.1, 2345",
        "0.0.0.0:0, 0.0.0.0, 0",
        "[::1]:3456, ::1, 3456",
        "miner.lan:2345, miner.lan, 2345",
    })
    void parses(String text, String host, int port) {
        assertEquals(new ListenAddress(host, port), ListenAddress.parse("--listen", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2345", ":2345", "host:", "host:port", "host:70000", "host:-1"})
    void refusesWithTheOptionAndTheValue(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("--listen", text));
        assertEquals("--listen: expected HOST:PORT such as 0.0.0.0:3456 (port 0 = any free port), got '" + text + "'",
                e.getMessage());
    }
}
