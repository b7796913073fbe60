package io.sealer.cluster.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TarTest {
    private static ActorSystem<Void> system;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        system = ActorSystem.create(Behaviors.empty(), "tar-test");
    }

    @AfterAll
    static void stop() {
        system.terminate();
    }

    private static byte[] bytes(Tar.Archive a) throws Exception {
        ByteString all = a.bytes().runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), system)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        return all.toArray();
    }

    @Test
    void aDirectoryRoundTripsWithItsAnnouncedLength() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        byte[] big = new byte[70_001];
        new Random(7).nextBytes(big);
        Files.write(cache.resolve("sc-02-data-tree-r-last-0.dat"), big);
        Files.writeString(cache.resolve("p_aux"), "aux");
        Files.write(cache.resolve("empty"), new byte[0]);
        Path sub = Files.createDirectories(cache.resolve("sub/" + "d".repeat(90)));
        Files.writeString(sub.resolve("n".repeat(60)), "long name");
        Files.createSymbolicLink(cache.resolve("link"), tmp);

        Tar.Archive a = Tar.of(cache);
        byte[] tar = bytes(a);
        assertEquals(a.length(), tar.length);
        assertEquals(70_001 + 3 + 9, a.contentBytes());

        Path out = tmp.resolve("out");
        assertEquals(a.contentBytes(), Tar.unpack(new ByteArrayInputStream(tar), out));
        assertArrayEquals(big, Files.readAllBytes(out.resolve("sc-02-data-tree-r-last-0.dat")));
        assertEquals("aux", Files.readString(out.resolve("p_aux")));
        assertEquals(0, Files.size(out.resolve("empty")));
        assertEquals("long name", Files.readString(out.resolve("sub/" + "d".repeat(90) + "/" + "n".repeat(60))));
        assertFalse(Files.exists(out.resolve("link")), "symlinks are not archived");
    }

    @Test
    void systemTarReadsOurArchive() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Files.writeString(cache.resolve("t_aux"), "t".repeat(1000));
        Path file = tmp.resolve("c.tar");
        Files.write(file, bytes(Tar.of(cache)));
        Process p = new ProcessBuilder("tar", "-tvf", file.toString()).redirectErrorStream(true).start();
        String listing = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), listing);
        assertTrue(listing.contains("1000") && listing.contains("t_aux"), listing);
    }

    @Test
    void hugeSizesUseTheBase256Field() throws Exception {
        long size = 64L << 30;
        byte[] h = Tar.header("sc-02-data-tree-d.dat", size, false);
        assertEquals(size, Tar.size(h));
        assertEquals(8L << 30, Tar.size(Tar.header("f", 8L << 30, false)));
        assertEquals((8L << 30) - 1, Tar.size(Tar.header("f", (8L << 30) - 1, false)));
        IOException e = assertThrows(IOException.class,
                () -> Tar.unpack(new ByteArrayInputStream(h), tmp.resolve("x")));
        assertEquals("tar stream ends inside sc-02-data-tree-d.dat", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "/etc/passwd", "a/../../evil", "./a", "a//b", "a\\b"})
    void entriesThatEscapeAreRefused(String name) throws Exception {
        byte[] archive = new byte[3 * 512];
        System.arraycopy(Tar.header(name, 0, false), 0, archive, 0, 512);
        Path target = tmp.resolve("target");
        IOException e = assertThrows(IOException.class, () -> Tar.unpack(new ByteArrayInputStream(archive), target));
        assertTrue(e.getMessage().contains("unsafe name") || e.getMessage().contains("outside"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("evil")));
    }

    @Test
    void linksBadChecksumsAndEarlyEndsAreRefused() throws Exception {
        byte[] link = new byte[3 * 512];
        System.arraycopy(Tar.header("l", 0, false), 0, link, 0, 512);
        link[156] = '2';
        assertThrows(IOException.class, () -> Tar.unpack(new ByteArrayInputStream(link), tmp.resolve("a")));
        byte[] ok = new byte[3 * 512];
        System.arraycopy(Tar.header("f", 0, false), 0, ok, 0, 512);
        byte[] corrupt = ok.clone();
        corrupt[0] = 'g';
        assertEquals("tar header checksum does not match", assertThrows(IOException.class,
                () -> Tar.unpack(new ByteArrayInputStream(corrupt), tmp.resolve("b"))).getMessage());
        byte[] cut = Arrays.copyOf(ok, 512 + 100);
        assertEquals("tar stream ends early", assertThrows(IOException.class,
                () -> Tar.unpack(new ByteArrayInputStream(cut), tmp.resolve("c"))).getMessage());
        assertEquals(0, Tar.unpack(new ByteArrayInputStream(ok), tmp.resolve("d")));
    }

    @Test
    void aFileThatChangesWhileSentFailsTheStream() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Files.writeString(cache.resolve("f"), "12345");
        Tar.Archive a = Tar.of(cache);
        Files.writeString(cache.resolve("f"), "123");
        Exception e = assertThrows(Exception.class, () -> bytes(a));
        assertTrue(String.valueOf(e.getCause()).contains("f shrank while being sent"), String.valueOf(e));
    }
}
