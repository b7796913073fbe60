package io.sealer.cluster.api.auth;

/**
 * How a client or worker finds and authenticates to a node, Lotus's {@code MINER_API_INFO}:
 * {@code TOKEN:/ip4/ADDRESS/tcp/PORT/http}. The token may be absent (a bare address).
 */
public record ApiInfo(String token, ApiAddress address) {

    public static final String MINER_VARIABLE = "MINER_API_INFO";

    public ApiInfo {
        token = token == null ? "" : token;
    }

    /** The line {@code sealer auth api-info} prints. */
    public String envLine(String variable) {
        return variable + "=" + (token.isEmpty() ? "" : token + ":") + address.multiaddr();
    }

    /**
     * Parses {@code TOKEN:ADDRESS} as Lotus does: split at the first ':' unless the text starts
     * with '/' (a bare multiaddr) or the ':' is followed by "//" (a bare URL).
     *
     * @param source names the text in errors, e.g. "MINER_API_INFO"
     */
    public static ApiInfo parse(String source, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(source + " is empty; expected TOKEN:/ip4/ADDRESS/tcp/PORT/http");
        }
        String t = text.trim();
        String token = "";
        String addr = t;
        int colon = t.indexOf(':');
        if (!t.startsWith("/") && colon >= 0 && !t.startsWith("//", colon + 1)) {
            token = t.substring(0, colon);
            addr = t.substring(colon + 1);
        }
        try {
            return new ApiInfo(token, ApiAddress.parse(addr));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }
}
