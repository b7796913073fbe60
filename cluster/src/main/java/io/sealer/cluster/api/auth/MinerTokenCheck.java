package io.sealer.cluster.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.NodeHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a worker checks the tokens sent to its API, as a Lotus worker does: it has no secret of
 * its own, so it asks its miner ({@code Filecoin.AuthVerify}) and remembers the answer for
 * {@link #REMEMBER}. The token the worker joined with is checked once at start
 * ({@link #warm}), so the usual callers (other nodes fetching with the miner's token, the CLI
 * with the token in the worker's repository) never wait for the miner.
 */
public final class MinerTokenCheck implements NodeHttp.TokenCheck {
    static final Duration REMEMBER = Duration.ofMinutes(10);

    private record Known(ApiTokens.Grant grant, long until) {}

    private final ApiClient miner;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    public MinerTokenCheck(ApiClient miner) {
        this.miner = miner;
    }

    /** Checks {@code token} now so that the first request with it does not wait; a failure is left for that request. */
    public void warm(String token) {
        try {
            verify(token);
        } catch (InvalidTokenException e) {
            // asked again on first use
        }
    }

    @Override
    public ApiTokens.Grant verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("no token");
        }
        Known k = known.get(token);
        if (k != null && k.until() > System.currentTimeMillis()) {
            return k.grant();
        }
        JsonNode answer;
        try {
            answer = miner.post("/rpc/v0", Map.of("jsonrpc", "2.0", "method", "Filecoin.AuthVerify", "params",
                    List.of(token), "id", 1), JsonNode.class);
        } catch (ApiClient.ApiCallException e) {
            throw new InvalidTokenException("the miner could not check the token: " + e.getMessage());
        }
        JsonNode result = answer.get("result");
        if (result == null || !result.isArray()) {
            throw new InvalidTokenException("the miner refused the token");
        }
        List<String> allow = new ArrayList<>();
        result.forEach(n -> allow.add(n.asText()));
        Permission p = Permission.highestOf(allow);
        if (p == null) {
            throw new InvalidTokenException("token allows nothing (no read, write, sign or admin in Allow)");
        }
        ApiTokens.Grant grant = new ApiTokens.Grant(p, "");
        known.put(token, new Known(grant, System.currentTimeMillis() + REMEMBER.toMillis()));
        return grant;
    }
}
