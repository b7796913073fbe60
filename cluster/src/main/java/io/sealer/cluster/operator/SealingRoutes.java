package io.sealer.cluster.operator;

import io.sealer.cluster.api.ApiError;
import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.Permission;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miner's scheduler API under {@code /api/v0/sealing} (docs/api.md): workers, jobs,
 * sched-diag, abort and worker enable/disable need an admin token, as their Lotus methods do;
 * {@code why} needs read. Every change is logged with the token's name. Bad input (unknown or
 * ambiguous call id or worker, a sector number that is not one) is a 400 whose message names
 * the valid choices; a scheduler that does not answer is a 503.
 */
public final class SealingRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(SealingRoutes.class);
    private static final AllDirectives D = new AllDirectives() {};

    private final SealingService sealing;

    public SealingRoutes(SealingService sealing) {
        this.sealing = sealing;
    }

    /** The routes for a caller whose token has been checked (see {@link NodeHttp#start}). */
    public Route routes(NodeHttp.Caller caller) {
        return D.pathPrefix(PathMatchers.segment("api").slash("v0").slash("sealing"), () -> D.concat(
                D.path("workers", () -> D.get(() -> caller.requires(Permission.ADMIN,
                        () -> answer(sealing.workers().thenApply(SealingRoutes::ok))))),
                D.path(PathMatchers.segment("workers").slash(PathMatchers.segment()).slash(PathMatchers.segment()),
                        (worker, action) -> D.post(() -> caller.requires(Permission.ADMIN,
                                () -> setEnabled(worker, action, caller)))),
                D.path("jobs", () -> D.get(() -> caller.requires(Permission.ADMIN,
                        () -> answer(sealing.jobs().thenApply(SealingRoutes::ok))))),
                D.path("sched-diag", () -> D.get(() -> caller.requires(Permission.ADMIN,
                        () -> D.parameterOptional("force", force -> answer(sealing.schedDiag(
                                force.map(Boolean::parseBoolean).orElse(false)).thenApply(SealingRoutes::ok)))))),
                D.path("abort", () -> D.post(() -> caller.requires(Permission.ADMIN,
                        () -> NodeHttp.jsonBody(SealingApi.AbortRequest.class, r -> abort(r, caller))))),
                D.path(PathMatchers.segment("why").slash(PathMatchers.segment()), sector -> D.get(
                        () -> caller.requires(Permission.READ, () -> why(sector))))));
    }

    private Route setEnabled(String worker, String action, NodeHttp.Caller caller) {
        if (!action.equals("enable") && !action.equals("disable")) {
            return NodeHttp.error(StatusCodes.NOT_FOUND, "not-found", "'" + action
                    + "' is not a worker action; use enable or disable");
        }
        boolean enable = action.equals("enable");
        return answer(sealing.setEnabled(worker, enable).thenApply(w -> {
            LOG.info("Worker {} ({}) {} by token '{}'; takes effect at the next scheduling pass", w.hostname(),
                    w.worker(), enable ? "enabled" : "disabled", tokenName(caller));
            return ok(w);
        }));
    }

    private Route abort(SealingApi.AbortRequest r, NodeHttp.Caller caller) {
        String problem = r.problem();
        if (problem != null) {
            return NodeHttp.error(StatusCodes.BAD_REQUEST, "bad-request", problem);
        }
        CompletionStage<SealingApi.Aborted> done = r.schedId() != null ? sealing.removeRequest(r.schedId())
                : sealing.abortByPrefix(r.callId());
        return answer(done.thenApply(a -> {
            LOG.info("Abort of call {} by token '{}': {}", a.callId(), tokenName(caller), a.detail());
            return ok(a);
        }));
    }

    private Route why(String sector) {
        long n;
        try {
            n = Long.parseLong(sector);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0) {
            return NodeHttp.error(StatusCodes.BAD_REQUEST, "bad-request",
                    "'" + sector + "' is not a sector number (expected a whole number, 0 or more)");
        }
        return answer(sealing.why(n).thenApply(SealingRoutes::ok));
    }

    /** The answer; bad input becomes a 400 with its message, a silent scheduler a 503. */
    private static Route answer(CompletionStage<HttpResponse> response) {
        return D.completeWithFuture(response.exceptionally(thrown -> {
            Throwable e = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
            if (e instanceof IllegalArgumentException) {
                return NodeHttp.jsonResponse(StatusCodes.BAD_REQUEST, new ApiError("bad-request", e.getMessage()));
            }
            LOG.warn("A sealing request failed: {}", e instanceof TimeoutException ? "the scheduler did not answer"
                    : e.getMessage());
            return NodeHttp.jsonResponse(StatusCodes.SERVICE_UNAVAILABLE, new ApiError("unavailable",
                    "the scheduler did not answer in time; try again"));
        }));
    }

    private static HttpResponse ok(Object value) {
        return NodeHttp.jsonResponse(StatusCodes.OK, value);
    }

    private static String tokenName(NodeHttp.Caller caller) {
        return caller.grant().name().isEmpty() ? "(unnamed)" : caller.grant().name();
    }
}
