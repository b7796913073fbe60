package io.sealer.cluster.api.auth;

import java.net.URI;
import java.util.Locale;

/**
 * A node's HTTP API address, written as Lotus writes it: the multiaddr
 * {@code /ip4/127.0.0.1/tcp/2345/http} ({@code /ip6/...} and {@code /dns/...} too), or a plain
 * {@code http://host:port} URL.
 */
public record ApiAddress(String host, int port) {

    public ApiAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        }
    }

    /** The multiaddr form: /ip4/A/tcp/P/http, /ip6/A/tcp/P/http or /dns/NAME/tcp/P/http. */
    public String multiaddr() {
        String proto = host.contains(":") ? "ip6" : host.matches("\\d{1,3}(\\.\\d{1,3}){3}") ? "ip4" : "dns";
        return "/" + proto + "/" + host + "/tcp/" + port + "/http";
    }

    /** The base URL clients call: http://host:port (IPv6 hosts bracketed). */
    public URI baseUri() {
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    /** Parses a multiaddr or an http URL; the message says what part is wrong. */
    public static ApiAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address");
        }
        String t = text.trim();
        if (t.startsWith("http://")) {
            URI u;
            try {
                u = URI.create(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a URL: '" + t + "'");
            }
            if (u.getHost() == null || u.getPort() < 0) {
                throw new IllegalArgumentException("expected http://HOST:PORT, got '" + t + "'");
            }
            String h = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
            return new ApiAddress(h, u.getPort());
        }
        String[] p = t.split("/", -1);
        // "", proto, host, "tcp", port, ["http"]
        if (p.length < 5 || !p[0].isEmpty()) {
            throw new IllegalArgumentException("expected /ip4/ADDRESS/tcp/PORT/http, got '" + t + "'");
        }
        String proto = p[1].toLowerCase(Locale.ROOT);
        if (!proto.equals("ip4") && !proto.equals("ip6") && !proto.equals("dns") && !proto.equals("dns4")
                && !proto.equals("dns6")) {
            throw new IllegalArgumentException("expected /ip4, /ip6 or /dns at the start of '" + t + "'");
        }
        if (proto.equals("ip4") && !p[2].matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("'" + p[2] + "' is not an IPv4 address in '" + t + "'");
        }
        if (!p[3].equals("tcp")) {
            throw new IllegalArgumentException("expected /tcp/PORT after the address in '" + t + "'");
        }
        int port;
        try {
            port = Integer.parseInt(p[4]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + p[4] + "' is not a port in '" + t + "'");
        }
        if (p.length > 6 || (p.length == 6 && !p[5].equals("http"))) {
            throw new IllegalArgumentException("only /http is supported after the port in '" + t + "'");
        }
        return new ApiAddress(p[2], port);
    }
}
