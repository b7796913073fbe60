package io.sealer.cluster.node;

/**
 * A node's HTTP address as the operator writes it ({@code --listen}, {@code --api-listen},
 * {@code API.ListenAddress}): HOST:PORT, an IPv6 host in brackets. Artery binds the same host.
 */
public record ListenAddress(String host, int port) {

    /**
     * @param source names the text in errors, e.g. "--api-listen"
     * @throws IllegalArgumentException "--listen: expected HOST:PORT such as 0.0.0.0:3456, got 'x'"
     */
    public static ListenAddress parse(String source, String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        String host = colon > 0 ? t.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = -1;
        try {
            port = colon > 0 ? Integer.parseInt(t.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isBlank() || port < 0 || port > 65535) {
            throw new IllegalArgumentException(source + ": expected HOST:PORT such as 0.0.0.0:3456 (port 0 = any free port), got '"
                    + t + "'");
        }
        return new ListenAddress(host, port);
    }

    /** Whether the host is a wildcard (every interface). */
    public boolean wildcard() {
        return host.equals("0.0.0.0") || host.equals("::");
    }

    /** The host other nodes reach: for a wildcard, this machine's address. */
    public String advertisedHost() {
        if (!wildcard()) {
            return host;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
