package io.sealer.cluster.sectors;

import io.sealer.cluster.api.ApiError;
import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.sectors.api.PledgeRequest;
import io.sealer.cluster.sectors.api.RemoveResponse;
import io.sealer.cluster.sectors.api.SectorDetail;
import io.sealer.cluster.sectors.api.SectorList;
import io.sealer.cluster.sectors.api.SectorRow;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miner's sectors API under {@code /api/v0/sectors} (docs/api.md): pledge (write), list and
 * status (read), remove (admin). The token's permission is checked before the request is read,
 * so a token that may not call a route learns nothing more than that. Every answer is JSON;
 * every error an {@link ApiError} naming what was wrong: 400 for a bad body or sector number,
 * 404 for a sector that does not exist, 503 when the sectors did not answer (never a 500 for
 * bad input).
 */
public final class SectorsRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(SectorsRoutes.class);
    private static final AllDirectives D = new AllDirectives() {};

    private final SectorsService sectors;
    private final Clock clock;

    public SectorsRoutes(SectorsService sectors) {
        this(sectors, Clock.systemUTC());
    }

    /** @param clock what "time in state" is measured against */
    public SectorsRoutes(SectorsService sectors, Clock clock) {
        this.sectors = sectors;
        this.clock = clock;
    }

    /** The routes for a caller whose token has been checked (see {@link NodeHttp#start}). */
    public Route routes(NodeHttp.Caller caller) {
        return D.pathPrefix(PathMatchers.segment("api").slash("v0").slash("sectors"), () -> D.concat(
                D.pathEndOrSingleSlash(() -> D.concat(
                        D.get(() -> caller.requires(Permission.READ, this::list)),
                        notAllowed("GET"))),
                D.path("pledge", () -> D.concat(
                        D.post(() -> caller.requires(Permission.WRITE,
                                () -> NodeHttp.jsonBody(PledgeRequest.class, r -> pledge(r, caller)))),
                        notAllowed("POST"))),
                D.path(PathMatchers.segment(), text -> D.concat(
                        D.get(() -> caller.requires(Permission.READ, () -> withNumber(text, this::status))),
                        D.delete(() -> caller.requires(Permission.ADMIN, () -> withNumber(text, n -> remove(n, caller)))),
                        notAllowed("GET, DELETE")))));
    }

    private Route list() {
        return answer(sectors.list().thenApply(this::rows));
    }

    private Route pledge(PledgeRequest request, NodeHttp.Caller caller) {
        String problem = request.problem();
        if (problem != null) {
            return NodeHttp.error(StatusCodes.BAD_REQUEST, "bad-request", problem);
        }
        return answer(sectors.pledge(request.countOrDefault(), request.dealsOrDefault()).thenApply(views -> {
            LOG.info("Pledged sectors {} for token '{}'", views.stream().map(v -> v.info().id().number()).toList(),
                    tokenName(caller));
            return rows(views);
        }));
    }

    private HttpResponse rows(List<SectorsService.SectorView> views) {
        Instant now = clock.instant();
        return ok(new SectorList(views.stream().map(v -> SectorRow.of(v, now)).toList()));
    }

    private Route status(long number) {
        return answer(sectors.status(number).thenApply(view -> view
                .map(v -> ok(SectorDetail.of(v)))
                .orElseGet(() -> notFound(number))));
    }

    private Route remove(long number, NodeHttp.Caller caller) {
        return answer(sectors.remove(number).thenApply(result -> switch (result) {
            case REMOVING -> {
                LOG.info("Sector {} removal requested by token '{}'", number, tokenName(caller));
                yield NodeHttp.jsonResponse(StatusCodes.ACCEPTED, new RemoveResponse(number, "removing"));
            }
            case ALREADY_REMOVED -> ok(new RemoveResponse(number, "already-removed"));
            case NOT_FOUND -> notFound(number);
        }));
    }

    /** The path segment as a sector number, or a 400 naming it. */
    static Route withNumber(String text, Function<Long, Route> inner) {
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0) {
            return NodeHttp.error(StatusCodes.BAD_REQUEST, "bad-request",
                    "'" + text + "' is not a sector number (expected a whole number, 0 or more)");
        }
        return inner.apply(n);
    }

    /** The service's answer; a failed one becomes a 503 with its message (a timeout says only that). */
    private static Route answer(CompletionStage<HttpResponse> response) {
        return D.completeWithFuture(response.exceptionally(SectorsRoutes::unavailable));
    }

    static HttpResponse unavailable(Throwable thrown) {
        Throwable e = thrown;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof IllegalArgumentException) {
            return NodeHttp.jsonResponse(StatusCodes.BAD_REQUEST, new ApiError("bad-request", e.getMessage()));
        }
        String detail;
        if (e instanceof TimeoutException) {
            LOG.warn("The sectors did not answer in time");
            detail = "the sectors did not answer in time; try again";
        } else {
            LOG.warn("A sectors request failed: {}", e.getMessage());
            LOG.debug("A sectors request failed", e);
            detail = e.getMessage() == null || e.getMessage().isBlank()
                    ? "the sectors could not answer; the miner's log has the details" : e.getMessage();
        }
        return NodeHttp.jsonResponse(StatusCodes.SERVICE_UNAVAILABLE, new ApiError("unavailable", detail));
    }

    static String tokenName(NodeHttp.Caller caller) {
        return caller.grant().name().isEmpty() ? "(unnamed)" : caller.grant().name();
    }

    private static HttpResponse ok(Object value) {
        return NodeHttp.jsonResponse(StatusCodes.OK, value);
    }

    private static HttpResponse notFound(long number) {
        return NodeHttp.jsonResponse(StatusCodes.NOT_FOUND, new ApiError("not-found", "no sector " + number
                + " on this miner"));
    }

    static Route notAllowed(String allowed) {
        return NodeHttp.error(StatusCodes.METHOD_NOT_ALLOWED, "method-not-allowed", "this path takes " + allowed);
    }
}
