package io.sealer.cluster.api;

import io.sealer.cluster.api.auth.ApiInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /** PUTs the bytes of {@code file}, streamed, and reads the JSON answer. */
    public <T> T put(String path, Path file, Class<T> type) throws ApiCallException {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (java.io.FileNotFoundException e) {
            throw new ApiCallException("cannot read " + file + ": no such file");
        }
        return send(request(path).PUT(body).header("Content-Type", "application/octet-stream"), type);
    }

    /**
     * GETs {@code path} and streams the body into {@code target} (replaced); returns the answer's
     * headers. A failure leaves whatever arrived in target for the caller to remove.
     */
    public HttpHeaders download(String path, Path target) throws ApiCallException {
        HttpResponse<InputStream> r = exchange(request(path).GET(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() / 100 != 2) {
                throw failure(r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return r.headers();
        } catch (IOException e) {
            throw new ApiCallException("the download from " + nodeName + " at " + info.address().baseUri()
                    + " broke off (" + (e.getMessage() == null ? "I/O error" : e.getMessage()) + ")");
        }
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
        HttpResponse<String> r = exchange(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw failure(r.statusCode(), r.body());
        }
        try {
            return ApiJson.MAPPER.readValue(r.body(), type);
        } catch (IOException e) {
            throw new ApiCallException(where + " sent an answer this sealer cannot read (a different version?)");
        }
    }

    private ApiCallException failure(int status, String body) {
        String detail = detail(body);
        return new ApiCallException(switch (status) {
            case 401 -> nodeName + " refused the token: " + detail;
            case 403 -> nodeName + " refused: " + detail;
            default -> detail.isEmpty() ? nodeName + " answered HTTP " + status : detail;
        }, status);
    }

    private <B> HttpResponse<B> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<B> handler)
            throws ApiCallException {
        String where = nodeName + " at " + info.address().baseUri();
        try {
            return http.send(request.build(), handler);
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
