package io.sealer.cluster.api;

import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.InvalidTokenException;
import io.sealer.cluster.api.auth.Permission;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one HTTP port: Pekko Management's health checks ({@code /alive}, {@code /ready})
 * open to anyone, and everything else (Management's read-only cluster routes, the API) behind
 * a Lotus-style bearer token.
 *
 * <p>Management's own server is not started: its authentication hook understands HTTP Basic
 * only, while Lotus tools send {@code Authorization: Bearer <JWT>}. So this class binds the
 * server itself and serves {@link PekkoManagement#getRoutes} (every configured route provider,
 * health checks included) under its own token check. Every error is JSON ({@link ApiError}).
 */
public final class NodeHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHttp.class);
    private static final String[] HEALTH_PATHS = {"alive", "ready", "startup"};

    /** The caller of a request, past the token check: what it may do, and a way to ask for more. */
    public static final class Caller {
        private final ApiTokens.Grant grant;

        Caller(ApiTokens.Grant grant) {
            this.grant = grant;
        }

        public ApiTokens.Grant grant() {
            return grant;
        }

        /** {@code inner} when the token carries {@code needed}, else 403 naming both levels. */
        public Route requires(Permission needed, Supplier<Route> inner) {
            if (grant.permission().includes(needed)) {
                return inner.get();
            }
            return error(StatusCodes.FORBIDDEN, "forbidden", "this call needs " + needed.label()
                    + " permission; the token has " + grant.permission().label());
        }
    }

    /** Checks a bearer token: against the node's own secret ({@link ApiTokens#verify}), or through a worker's miner. */
    @FunctionalInterface
    public interface TokenCheck {
        ApiTokens.Grant verify(String token) throws InvalidTokenException;
    }

    private static final AllDirectives DIRECTIVES = new AllDirectives() {};

    private final ServerBinding binding;

    private NodeHttp(ServerBinding binding) {
        this.binding = binding;
    }

    /**
     * Binds {@code host:port} (port 0 = any free port) and serves health, management and
     * {@code api}; the API's routes get the authenticated {@link Caller}.
     */
    public static CompletionStage<NodeHttp> start(ActorSystem<?> system, String host, int port, ApiTokens tokens,
            Function<Caller, Route> api) {
        return start(system, host, port, (TokenCheck) tokens::verify, api);
    }

    /** As above, with the tokens checked by {@code tokens}. */
    public static CompletionStage<NodeHttp> start(ActorSystem<?> system, String host, int port, TokenCheck tokens,
            Function<Caller, Route> api) {
        NodeHttpRoutes routes = new NodeHttpRoutes(tokens);
        Route management = PekkoManagement.get(system).getRoutes(s -> s.withReadOnly(true));
        Route route = routes.build(management, api);
        return Http.get(system).newServerAt(host, port).bind(route)
                .thenApply(b -> {
                    LOG.info("HTTP API listening on {}:{}", host, b.localAddress().getPort());
                    return new NodeHttp(b);
                });
    }

    /** The address actually bound (the port chosen when 0 was asked). */
    public InetSocketAddress address() {
        return binding.localAddress();
    }

    @Override
    public void close() {
        binding.terminate(Duration.ofSeconds(5)).toCompletableFuture().join();
    }

    /** A JSON error response. */
    public static Route error(StatusCode status, String code, String detail) {
        return DIRECTIVES.complete(jsonResponse(status, new ApiError(code, detail)));
    }

    /** Reads the request's JSON body as {@code type} (strictly, see {@link ApiJson}); a bad body is a 400 naming the field. */
    public static <T> Route jsonBody(Class<T> type, Function<T, Route> inner) {
        return DIRECTIVES.entity(Unmarshaller.entityToString(), body -> {
            try {
                return inner.apply(ApiJson.read(body, type));
            } catch (ApiJson.BadRequestException e) {
                return error(StatusCodes.BAD_REQUEST, "bad-request", e.getMessage());
            }
        });
    }

    /** A JSON response of {@code value} with {@code status}. */
    public static HttpResponse jsonResponse(StatusCode status, Object value) {
        return HttpResponse.create().withStatus(status)
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, ApiJson.write(value)));
    }

    /** The routing tree, apart from the binding so that it reads top to bottom. */
    private static final class NodeHttpRoutes extends AllDirectives {
        private final TokenCheck tokens;

        NodeHttpRoutes(TokenCheck tokens) {
            this.tokens = tokens;
        }

        Route build(Route management, Function<Caller, Route> api) {
            Route health = concat(pathPrefixTest(HEALTH_PATHS[0], () -> management),
                    pathPrefixTest(HEALTH_PATHS[1], () -> management), pathPrefixTest(HEALTH_PATHS[2], () -> management));
            Route guarded = optionalHeaderValueByName("Authorization", header -> authenticate(header,
                    caller -> concat(api.apply(caller), management)));
            return handleExceptions(exceptions(), () -> handleRejections(rejections(), () -> concat(health, guarded)));
        }

        private Route authenticate(Optional<String> header, Function<Caller, Route> inner) {
            if (header.isEmpty()) {
                return error(StatusCodes.UNAUTHORIZED, "unauthorized", "no token: send Authorization: Bearer <token>");
            }
            String h = header.get().trim();
            if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return error(StatusCodes.UNAUTHORIZED, "unauthorized", "the Authorization header must be Bearer <token>");
            }
            try {
                ApiTokens.Grant grant = tokens.verify(h.substring(7));
                return inner.apply(new Caller(grant));
            } catch (InvalidTokenException e) {
                return error(StatusCodes.UNAUTHORIZED, "unauthorized", e.getMessage());
            }
        }

        private static RejectionHandler rejections() {
            return RejectionHandler.defaultHandler().mapRejectionResponse(resp -> {
                if (resp.entity().getContentType().equals(ContentTypes.APPLICATION_JSON)) {
                    return resp;
                }
                String text = resp.entity() instanceof HttpEntity.Strict s ? s.getData().utf8String() : "";
                return jsonResponse(resp.status(), new ApiError(code(resp.status()), text));
            });
        }

        private static ExceptionHandler exceptions() {
            return ExceptionHandler.newBuilder()
                    .match(ApiJson.BadRequestException.class, e -> error(StatusCodes.BAD_REQUEST, "bad-request", e.getMessage()))
                    .match(IllegalArgumentException.class, e -> error(StatusCodes.BAD_REQUEST, "bad-request", e.getMessage()))
                    .match(Exception.class, e -> {
                        LOG.error("API request failed", e);
                        return error(StatusCodes.INTERNAL_SERVER_ERROR, "internal",
                                "the node could not answer; its log has the details");
                    })
                    .build();
        }

        private static String code(StatusCode status) {
            return switch (status.intValue()) {
                case 400 -> "bad-request";
                case 401 -> "unauthorized";
                case 403 -> "forbidden";
                case 404 -> "not-found";
                case 405 -> "method-not-allowed";
                case 415 -> "unsupported-media-type";
                default -> "http-" + status.intValue();
            };
        }
    }
}
