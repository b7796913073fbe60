package io.sealer.cluster.sectors;

import io.sealer.cluster.api.ApiError;
import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.sectors.api.AddPieceResponse;
import io.sealer.cluster.sectors.api.PieceLimits;
import io.sealer.cluster.sectors.api.ReadUploadResponse;
import io.sealer.cluster.sectors.api.SealResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deal data through the miner's API (docs/api.md): {@code PUT /api/v0/sectors/pieces} adds a
 * piece (admin; the body is the data, streamed to disk; {@code GET} tells the largest piece), {@code POST /api/v0/sectors/{n}/seal}
 * starts sealing a deal sector now (write), {@code GET /api/v0/sectors/{n}/read[?piece=CID]}
 * returns a piece's original bytes (admin). Workers use two more admin routes: {@code GET
 * /api/v0/sectors/pieces/{cid}} downloads a stored piece for AddPiece, and {@code PUT
 * /api/v0/sectors/pieces/unsealed/{read id}} uploads a piece read back from a sector. Bad input
 * is a 400 naming what was wrong, a missing sector or piece a 404, never a 500.
 */
public final class PieceRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(PieceRoutes.class);
    private static final AllDirectives D = new AllDirectives() {};

    /** Response headers of a read: the piece's CID and where its bytes came from. */
    public static final String PIECE_HEADER = "X-Sealer-Piece";
    public static final String SOURCE_HEADER = "X-Sealer-Read-Source";
    public static final String WORKER_HEADER = "X-Sealer-Worker";

    private final SectorsService sectors;
    private final PieceStore store;
    private final PieceReads reads;

    public PieceRoutes(SectorsService sectors, PieceStore store, PieceReads reads) {
        this.sectors = sectors;
        this.store = store;
        this.reads = reads;
    }

    /** The routes for a caller whose token has been checked; they go before {@link SectorsRoutes}. */
    public Route routes(NodeHttp.Caller caller) {
        return D.pathPrefix(PathMatchers.segment("api").slash("v0").slash("sectors"), () -> D.concat(
                D.path("pieces", () -> D.concat(
                        D.put(() -> caller.requires(Permission.ADMIN, () -> D.parameterOptional("deal-id",
                                deal -> addPiece(deal, caller)))),
                        D.get(() -> caller.requires(Permission.READ, () -> D.complete(NodeHttp.jsonResponse(
                                StatusCodes.OK, new PieceLimits(store.sectorSize().label(), store.maxDataSize()))))),
                        SectorsRoutes.notAllowed("GET, PUT"))),
                D.path(PathMatchers.segment("pieces").slash("unsealed").slash(PathMatchers.segment()), readId ->
                        D.concat(D.put(() -> caller.requires(Permission.ADMIN, () -> receiveRead(readId))),
                                SectorsRoutes.notAllowed("PUT"))),
                D.path(PathMatchers.segment("pieces").slash(PathMatchers.segment()), cid -> D.concat(
                        D.get(() -> caller.requires(Permission.ADMIN, () -> download(cid))),
                        SectorsRoutes.notAllowed("GET"))),
                D.path(PathMatchers.segment().slash("seal"), text -> D.concat(
                        D.post(() -> caller.requires(Permission.WRITE, () -> SectorsRoutes.withNumber(text, n -> seal(n, caller)))),
                        SectorsRoutes.notAllowed("POST"))),
                D.path(PathMatchers.segment().slash("read"), text -> D.concat(
                        D.get(() -> caller.requires(Permission.ADMIN, () -> D.parameterOptional("piece",
                                cid -> SectorsRoutes.withNumber(text, n -> read(n, cid.orElse(null), caller))))),
                        SectorsRoutes.notAllowed("GET")))));
    }

    private Route addPiece(Optional<String> dealText, NodeHttp.Caller caller) {
        long deal;
        try {
            deal = dealText.map(Long::parseLong).orElse(0L);
        } catch (NumberFormatException e) {
            deal = -1;
        }
        if (deal < 0) {
            return NodeHttp.error(StatusCodes.BAD_REQUEST, "bad-request", "deal-id '" + dealText.orElse("")
                    + "' is not a deal id (a whole number, 0 or more)");
        }
        long dealId = deal;
        return D.extractMaterializer(mat -> D.extractRequestEntity(entity -> {
            java.util.OptionalLong length = entity.getContentLengthOption();
            if (length.isPresent() && length.getAsLong() == 0) {
                return NodeHttp.error(StatusCodes.BAD_REQUEST, "bad-request", "the piece is empty");
            }
            if (length.isPresent() && length.getAsLong() > store.maxDataSize()) {
                return NodeHttp.error(StatusCodes.BAD_REQUEST, "bad-request", "the piece has " + length.getAsLong()
                        + " bytes, more than the " + store.maxDataSize() + " bytes a " + store.sectorSize().label()
                        + " sector holds");
            }
            return answer(
                store.receive(entity.withoutSizeLimit().getDataBytes(), mat)
                        .thenCompose(p -> sectors.addPiece(new Sector.PieceToPlace(p.commP(), p.cid(), p.dataSize(),
                                p.paddedSize(), dealId)).thenApply(added -> {
                                    if (added.refused() != null) {
                                        throw new IllegalStateException(added.refused());
                                    }
                                    LOG.info("Piece {} ({} bytes, deal {}) added to sector {} at offset {}{} by token '{}'",
                                            p.cid(), p.dataSize(), dealId, added.sector(), added.offset(),
                                            added.sealing() ? " (full: sealing starts)" : "",
                                            SectorsRoutes.tokenName(caller));
                                    return NodeHttp.jsonResponse(StatusCodes.OK, new AddPieceResponse(added.sector(),
                                            added.offset(), p.cid(), p.dataSize(), p.paddedSize(), added.sealing()));
                                })));
        }));
    }

    private Route download(String cid) {
        Path p = store.piece(cid);
        if (p == null) {
            return NodeHttp.error(StatusCodes.NOT_FOUND, "not-found", "no stored piece " + cid + " on this miner");
        }
        return D.complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM,
                p.toFile().length(), FileIO.fromPath(p))));
    }

    private Route receiveRead(String readId) {
        return D.extractMaterializer(mat -> D.extractRequestEntity(entity -> answer(
                store.receiveRead(readId, entity.withoutSizeLimit().getDataBytes(), mat)
                        .thenApply(n -> NodeHttp.jsonResponse(StatusCodes.OK, new ReadUploadResponse(n))))));
    }

    private Route seal(long number, NodeHttp.Caller caller) {
        return answer(sectors.startSealing(number).thenApply(r -> {
            if (!r.started()) {
                return NodeHttp.jsonResponse(r.refused().startsWith("no sector") ? StatusCodes.NOT_FOUND
                        : StatusCodes.CONFLICT, new ApiError(r.refused().startsWith("no sector") ? "not-found"
                        : "conflict", r.refused()));
            }
            LOG.info("Sector {} sealing started by token '{}'", number, SectorsRoutes.tokenName(caller));
            return NodeHttp.jsonResponse(StatusCodes.OK, new SealResponse(number, "sealing"));
        }));
    }

    private Route read(long number, String cid, NodeHttp.Caller caller) {
        return answer(reads.read(number, cid).thenApply(r -> {
            LOG.info("Piece {} of sector {} read ({} bytes, from the {} on {}) by token '{}'", r.piece().cid(), number,
                    r.piece().dataSize(), r.source(), r.worker(), SectorsRoutes.tokenName(caller));
            List<HttpHeader> headers = List.of(RawHeader.create(PIECE_HEADER, r.piece().cid()),
                    RawHeader.create(SOURCE_HEADER, r.source()), RawHeader.create(WORKER_HEADER, r.worker()));
            return HttpResponse.create().addHeaders(headers).withEntity(HttpEntities.create(
                    ContentTypes.APPLICATION_OCTET_STREAM, r.piece().dataSize(),
                    FileIO.fromPath(r.file()).watchTermination((io, done) -> {
                        done.whenComplete((d, e) -> PieceStore.deleteQuietly(r.file()));
                        return io;
                    })));
        }));
    }

    /** The service's answer; bad input is a 400, a refused read a 404 or 409, anything else a 503 with its message. */
    private static Route answer(CompletionStage<HttpResponse> response) {
        return D.completeWithFuture(response.exceptionally(PieceRoutes::failure));
    }

    private static HttpResponse failure(Throwable thrown) {
        Throwable e = thrown;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof PieceReads.ReadRefused r) {
            return NodeHttp.jsonResponse(r.notFound() ? StatusCodes.NOT_FOUND : StatusCodes.CONFLICT,
                    new ApiError(r.notFound() ? "not-found" : "conflict", r.getMessage()));
        }
        return SectorsRoutes.unavailable(e);
    }
}
