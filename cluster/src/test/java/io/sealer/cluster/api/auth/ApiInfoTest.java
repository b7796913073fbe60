package io.sealer.cluster.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiInfoTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "eyJ.a.b:/ip4/127.0.0.1/tcp/2345/http | eyJ.a.b | 127.0.0.1 | 2345",
        "/ip4/10.0.0.5/tcp/2345/http          |         | 10.0.0.5  | 2345",
        "/ip4/10.0.0.5/tcp/2345               |         | 10.0.0.5  | 2345",
        "tok:/ip6/::1/tcp/80/http             | tok     | ::1       | 80",
        "tok:/dns/miner.lan/tcp/2345/http     | tok     | miner.lan | 2345",
        "http://127.0.0.1:2345                |         | 127.0.0.1 | 2345",
        "tok:http://[::1]:2345                | tok     | ::1       | 2345",
    })
    void parsesLotusForms(String text, String token, String host, int port) {
        ApiInfo info = ApiInfo.parse("MINER_API_INFO", text);
        assertEquals(token == null ? "" : token, info.token());
        assertEquals(new ApiAddress(host, port), info.address());
    }

    @Test
    void printsTheLineAWorkerUses() {
        ApiInfo info = new ApiInfo("eyJ.a.b", new ApiAddress("192.168.1.2", 2345));
        assertEquals("MINER_API_INFO=eyJ.a.b:/ip4/192.168.1.2/tcp/2345/http", info.envLine(ApiInfo.MINER_VARIABLE));
        assertEquals(info, ApiInfo.parse("x", info.envLine("").substring(1)));
        assertEquals("/ip6/::1/tcp/1/http", new ApiAddress("::1", 1).multiaddr());
        assertEquals("http://[::1]:1", new ApiAddress("::1", 1).baseUri().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                  | MINER_API_INFO is empty; expected TOKEN:/ip4/ADDRESS/tcp/PORT/http",
        "tok:/ip4/1.2.3/tcp/1/http           | MINER_API_INFO: '1.2.3' is not an IPv4 address in '/ip4/1.2.3/tcp/1/http'",
        "tok:/ip4/1.2.3.4/tcp/x/http         | MINER_API_INFO: 'x' is not a port in '/ip4/1.2.3.4/tcp/x/http'",
        "tok:/ip4/1.2.3.4/tcp/70000/http     | MINER_API_INFO: port must be between 1 and 65535, got 70000",
        "tok:/ip4/1.2.3.4/udp/1/http         | MINER_API_INFO: expected /tcp/PORT after the address in '/ip4/1.2.3.4/udp/1/http'",
        "tok:/ip4/1.2.3.4/tcp/1/ws           | MINER_API_INFO: only /http is supported after the port in '/ip4/1.2.3.4/tcp/1/ws'",
        "tok:1.2.3.4:2345                    | MINER_API_INFO: expected /ip4/ADDRESS/tcp/PORT/http, got '1.2.3.4:2345'",
        "tok:/tcp/1/http                     | MINER_API_INFO: expected /ip4/ADDRESS/tcp/PORT/http, got '/tcp/1/http'",
    })
    void malformedInfoNamesWhatIsWrong(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> ApiInfo.parse("MINER_API_INFO", text))
                .getMessage());
    }
}
