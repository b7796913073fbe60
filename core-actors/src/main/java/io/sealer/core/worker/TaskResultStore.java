package io.sealer.core.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sealer.core.sched.TaskOutcome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A worker's record of the tasks it finished, on its own disk, kept until the sector that
 * asked for each has acknowledged it. A result is written (and fsynced) before it is
 * reported, so a task that finished while the miner was down, or whose report was lost, is
 * reported again instead of run again. One JSON file per call id; a file that cannot be read
 * back (a crash mid-write leaves only a temporary, never a torn record) is skipped and named in
 * {@link #damaged()}.
 */
public final class TaskResultStore {
    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final String SUFFIX = ".json";

    /** A finished task as recorded. */
    public record Recorded(String callId, TaskOutcome outcome) {}

    private final Path dir;
    private final List<Path> damaged = new ArrayList<>();

    public TaskResultStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Records {@code outcome} durably under {@code callId}, replacing an earlier record of it. */
    public void record(String callId, TaskOutcome outcome) throws IOException {
        Path target = file(callId);
        Path tmp = dir.resolve(".tmp-" + callId + "-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId());
        byte[] bytes = JSON.writeValueAsBytes(new Recorded(callId, outcome));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename is still atomic there
        }
    }

    /** The recorded outcome of {@code callId}, if this worker finished it and it was not acknowledged yet. */
    public Optional<TaskOutcome> find(String callId) throws IOException {
        Path f = file(callId);
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(f), Recorded.class).outcome());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Every recorded result not acknowledged yet, oldest first. */
    public List<Recorded> pending() throws IOException {
        List<Recorded> out = new ArrayList<>();
        damaged.clear();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified())).toList();
        }
        for (Path p : files) {
            try {
                out.add(JSON.readValue(Files.readString(p, StandardCharsets.UTF_8), Recorded.class));
            } catch (IOException e) {
                damaged.add(p);
            }
        }
        return out;
    }

    /** Files that {@link #pending()} could not read (left in place for the operator). */
    public List<Path> damaged() {
        return List.copyOf(damaged);
    }

    /** The sector acknowledged the result: forget it. */
    public void forget(String callId) throws IOException {
        Files.deleteIfExists(file(callId));
    }

    private Path file(String callId) {
        if (!SAFE_ID.matcher(callId).matches()) {
            throw new IllegalArgumentException("call id '" + callId + "' is not a safe file name "
                    + "(letters, digits, '.', '_' and '-', at most 200)");
        }
        return dir.resolve(callId + SUFFIX);
    }
}
