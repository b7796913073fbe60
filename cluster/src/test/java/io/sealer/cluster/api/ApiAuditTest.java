package io.sealer.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.rpc.HttpTestNode;
import java.util.List;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every API request that may change something leaves one INFO line naming the token's holder and the status. */
class ApiAuditTest {
    private static final AllDirectives D = new AllDirectives() {};
    private static final ListAppender<ILoggingEvent> LINES = new ListAppender<>();
    private static HttpTestNode node;

    @BeforeAll
    static void start() throws Exception {
        Logger audit = (Logger) LoggerFactory.getLogger(ApiAudit.LOGGER);
        audit.setLevel(Level.INFO);
        audit.addAppender(LINES);
        LINES.start();
        node = new HttpTestNode("audit-test", caller -> D.concat(
                D.path("things", () -> D.concat(
                        D.get(() -> D.complete("listed")),
                        D.post(() -> caller.requires(Permission.WRITE, () -> D.complete("made"))),
                        D.delete(() -> caller.requires(Permission.ADMIN, () -> D.complete("gone"))))),
                D.pathPrefix("remote", () -> D.delete(() -> D.complete("removed"))),
                D.path(PathMatchers.segment("rpc").slash("v0"), () -> D.post(() -> D.entity(Unmarshaller.entityToString(), body -> D.complete(body))))));
    }

    @AfterAll
    static void stop() {
        node.close();
        ((Logger) LoggerFactory.getLogger(ApiAudit.LOGGER)).detachAppender(LINES);
    }

    @BeforeEach
    void clear() {
        LINES.list.clear();
    }

    private static List<String> lines() {
        return LINES.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    @Test
    void aChangeCarriesTheTokensNameAndTheStatus() throws Exception {
        String ops = node.tokens.create(Permission.WRITE, "ops");
        assertEquals(200, HttpTestNode.send(node.http.address().getPort(), "POST", "/things", ops, "").statusCode());
        assertEquals(403, HttpTestNode.send(node.http.address().getPort(), "DELETE", "/things", ops, null).statusCode());
        assertEquals(List.of("INFO POST /things by token 'ops' (write): 200 OK",
                "INFO DELETE /things by token 'ops' (write): 403 Forbidden"), lines());
    }

    @Test
    void refusedTokensAndMissingRoutesAreLoggedToo() throws Exception {
        assertEquals(401, node.send("POST", "/things", null, "").statusCode());
        assertEquals(401, HttpTestNode.send(node.http.address().getPort(), "POST", "/things", "not-a-token", "").statusCode());
        assertEquals(404, node.send("PUT", "/nowhere", Permission.ADMIN, "").statusCode());
        assertEquals(List.of("INFO POST /things by no valid token: 401 Unauthorized",
                "INFO POST /things by no valid token: 401 Unauthorized",
                "INFO PUT /nowhere by token 'test' (admin): 404 Not Found"), lines());
    }

    @Test
    void readsJsonRpcAndFileTrafficLeaveNoLine() throws Exception {
        assertEquals(200, node.send("GET", "/things", Permission.READ, null).statusCode());
        assertEquals(200, node.send("DELETE", "/remote/sealed/s-t01000-1", Permission.ADMIN, null).statusCode());
        assertEquals(200, node.send("POST", "/rpc/v0", Permission.READ, "{}").statusCode());
        assertEquals(List.of(), lines());
    }
}
