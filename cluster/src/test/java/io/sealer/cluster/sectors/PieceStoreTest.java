package io.sealer.cluster.sectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.core.task.SectorSize;
import io.sealer.proofs.JnaSealingFfi;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The miner's piece store with the real libsealcore: CommP of uploaded data against the
 * go-commp-utils vectors (test resource commp-vectors.json, which cites its source), the piece
 * padded with zeros to 127 * 2^k bytes, and empty or oversized uploads refused with one line.
 */
class PieceStoreTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Materializer MAT = Materializer.createMaterializer(KIT.system());
    private static final ExecutorService BLOCKING = Executors.newFixedThreadPool(2);

    @TempDir
    Path tmp;

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
        BLOCKING.shutdown();
    }

    private PieceStore store() throws Exception {
        return new PieceStore(tmp.resolve("pieces"), JnaSealingFfi.get(), SectorSize.parse("2KiB"), BLOCKING);
    }

    private static PieceStore.Received receive(PieceStore store, byte[] data) {
        return store.receive(Source.from(chunks(data)), MAT).toCompletableFuture().join();
    }

    /** The data in chunks of 100 bytes, as a stream would bring it. */
    private static java.util.List<ByteString> chunks(byte[] data) {
        java.util.List<ByteString> out = new java.util.ArrayList<>();
        for (int i = 0; i < data.length; i += 100) {
            out.add(ByteString.fromArray(Arrays.copyOfRange(data, i, Math.min(data.length, i + 100))));
        }
        return out;
    }

    @Test
    void commPOfAnUploadedPieceMatchesThePublishedVectors() throws Exception {
        JsonNode v;
        try (InputStream in = PieceStoreTest.class.getResourceAsStream("/commp-vectors.json")) {
            v = new ObjectMapper().readTree(in);
        }
        byte[] text = v.get("data_ascii").asText().getBytes(StandardCharsets.US_ASCII);
        PieceStore store = store();
        for (JsonNode vector : v.get("vectors")) {
            byte[] data = Arrays.copyOf(text, vector.get("data_bytes").asInt());
            PieceStore.Received r = receive(store, data);
            assertEquals(vector.get("commp").asText(), r.commP(), "CommP of " + data.length + " bytes");
            assertEquals(vector.get("padded_size").asLong(), r.paddedSize());
            assertEquals(data.length, r.dataSize());
            if (vector.has("cid")) {
                assertEquals(vector.get("cid").asText(), r.cid());
            }
            Path stored = store.piece(r.cid());
            assertEquals(vector.get("unpadded_size").asLong(), Files.size(stored), "zero-extended to its piece size");
            assertArrayEquals(data, Arrays.copyOf(Files.readAllBytes(stored), data.length));
        }
        try (var left = Files.list(tmp.resolve("pieces").resolve("incoming"))) {
            assertEquals(0, left.count(), "nothing is left in incoming/");
        }
    }

    @Test
    void anEmptyOrOversizedPieceIsRefusedWithOneLine() throws Exception {
        PieceStore store = store();
        assertEquals("the piece is empty", refusal(store, new byte[0]));
        assertEquals("the piece is larger than the 2032 bytes a 2KiB sector holds", refusal(store, new byte[2033]));
        assertEquals(2032, receive(store, new byte[2032]).dataSize(), "exactly a sector's capacity fits");
        try (var left = Files.list(tmp.resolve("pieces").resolve("incoming"))) {
            assertEquals(0, left.count(), "a refused upload leaves nothing behind");
        }
        assertNull(store.piece("../etc/passwd"), "a malformed CID names no file");
        assertNull(store.readFile("../../x"));
        assertTrue(store.readFile("1f6b2c9e-0000-4000-8000-000000000001").startsWith(tmp));
    }

    private static String refusal(PieceStore store, byte[] data) throws Exception {
        try {
            store.receive(Source.from(chunks(data)), MAT).toCompletableFuture().get(30, TimeUnit.SECONDS);
            return "accepted";
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            Throwable t = e.getCause() != null ? e.getCause() : e;
            if (t instanceof CompletionException && t.getCause() != null) {
                t = t.getCause();
            }
            return t.getMessage();
        }
    }
}
