package io.sealer.cluster.api;

import io.sealer.cluster.api.auth.ApiInfo;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The CLI's and workers' client of a node's API: bearer token, JSON in and out, and every
 * failure turned into one sentence an operator can act on ({@link ApiCallException}).
 */
public final class ApiClient {
    private final ApiInfo info;
    private final String nodeName;
    private final Duration timeout;
    private final HttpClient http;

    /** @param nodeName how errors name the other side, e.g. "the miner" */
    public ApiClient(ApiInfo info, String nodeName, Duration timeout) {
        this.info = info;
        this.nodeName = nodeName;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public ApiInfo info() {
        return info;
    }

    public <T> T get(String path, Class<T> type) throws ApiCallException {
        return send(request(path).GET(), type);
    }

    public <T> T post(String path, Object body, Class<T> type) throws ApiCallException {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(ApiJson.write(body)))
                .header("Content-Type", "application/json"), type);
    }

    public <T> T delete(String path, Class<T> type) throws ApiCallException {
        return send(request(path).DELETE(), type);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(info.address().baseUri() + path)).timeout(timeout);
        if (!info.token().isEmpty()) {
            b.header("Authorization", "Bearer " + info.token());
        }
        return b;
    }

    private <T> T send(HttpRequest.Builder request, Class<T> type) throws ApiCallException {
        String where = nodeName + " at " + info.address().baseUri();
        HttpResponse<String> r;
        try {
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new ApiCallException(where + " did not accept a connection within " + timeout.toSeconds() + "s");
        } catch (HttpTimeoutException e) {
            throw new ApiCallException(where + " did not answer within " + timeout.toSeconds() + "s");
        } catch (ConnectException e) {
            throw new ApiCallException("cannot reach " + where + " (connection refused); is it running?");
        } catch (IOException e) {
            throw new ApiCallException("cannot reach " + where + " (" + (e.getMessage() == null ? "I/O error" : e.getMessage())
                    + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiCallException("interrupted while waiting for " + where);
        }
        if (r.statusCode() / 100 != 2) {
            String detail = detail(r.body());
            throw new ApiCallException(switch (r.statusCode()) {
                case 401 -> nodeName + " refused the token: " + detail;
                case 403 -> nodeName + " refused: " + detail;
                default -> detail.isEmpty() ? nodeName + " answered HTTP " + r.statusCode() : detail;
            }, r.statusCode());
        }
        try {
            return ApiJson.MAPPER.readValue(r.body(), type);
        } catch (IOException e) {
            throw new ApiCallException(where + " sent an answer this sealer cannot read (a different version?)");
        }
    }

    private static String detail(String body) {
        try {
            ApiError e = ApiJson.MAPPER.readValue(body, ApiError.class);
            return e.detail() == null ? "" : e.detail();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** A call that failed; the message is one sentence for the operator. {@code status} is 0 when no answer came. */
    public static final class ApiCallException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        public ApiCallException(String message) {
            this(message, 0);
        }

        public ApiCallException(String message, int status) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
