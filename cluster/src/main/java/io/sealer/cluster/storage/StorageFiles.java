package io.sealer.cluster.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sealer.cluster.api.ApiJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

/**
 * The two storage files, read strictly (an unknown field, a wrong type or a bad value is one
 * sentence naming the file and the field) and written atomically (temp file, fsync, rename):
 * a path's {@code sectorstore.json} ({@link PathMeta}) and a node's {@code storage.json}
 * ({@link StorageConfig}, {@code {"StoragePaths":[{"Path":"/x"}]}}).
 */
public final class StorageFiles {
    public static final String META_FILE = "sectorstore.json";

    /** A node's {@code storage.json}: the local paths it has attached. */
    public record StorageConfig(@JsonProperty("StoragePaths") List<PathRef> storagePaths) {
        public StorageConfig {
            storagePaths = storagePaths == null ? List.of() : List.copyOf(storagePaths);
        }
    }

    /** One entry of {@code storage.json}. */
    public record PathRef(@JsonProperty("Path") String path) {}

    private StorageFiles() {}

    /** Reads and checks {@code <dir>/sectorstore.json}. */
    public static PathMeta readMeta(Path dir) throws StorageException {
        Path file = dir.resolve(META_FILE);
        PathMeta meta = read(file, PathMeta.class);
        String bad = problem(meta);
        if (bad != null) {
            throw new StorageException(file + ": " + bad);
        }
        return meta;
    }

    /** Writes {@code <dir>/sectorstore.json}, replacing any previous one only once the new one is on disk. */
    public static void writeMeta(Path dir, PathMeta meta) throws StorageException {
        String bad = problem(meta);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        write(dir.resolve(META_FILE), meta);
    }

    /** Reads {@code storage.json}; a missing file is a node with no paths. */
    public static StorageConfig readConfig(Path file) throws StorageException {
        if (!Files.exists(file)) {
            return new StorageConfig(List.of());
        }
        StorageConfig config = read(file, StorageConfig.class);
        for (PathRef ref : config.storagePaths()) {
            if (ref == null || ref.path() == null || ref.path().isBlank()) {
                throw new StorageException(file + ": every StoragePaths entry needs a Path");
            }
        }
        return config;
    }

    public static void writeConfig(Path file, StorageConfig config) throws StorageException {
        write(file, config);
    }

    /** What is wrong with {@code meta}, or null. */
    private static String problem(PathMeta meta) {
        if (meta.id() == null || meta.id().isBlank()) {
            return "field 'ID' is missing";
        }
        try {
            UUID.fromString(meta.id());
        } catch (IllegalArgumentException e) {
            return "field 'ID': expected a UUID, got '" + meta.id() + "'";
        }
        if (meta.weight() < 0) {
            return "field 'Weight' must not be negative, got " + meta.weight();
        }
        if (meta.maxStorage() < 0) {
            return "field 'MaxStorage' must not be negative, got " + meta.maxStorage();
        }
        try {
            meta.checkedTypes();
        } catch (IllegalArgumentException e) {
            return "field 'AllowTypes'/'DenyTypes': " + e.getMessage();
        }
        return null;
    }

    private static <T> T read(Path file, Class<T> type) throws StorageException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new StorageException(file + " does not exist");
        } catch (IOException e) {
            throw new StorageException("cannot read " + file + ": " + e.getMessage());
        }
        try {
            return ApiJson.read(text, type);
        } catch (ApiJson.BadRequestException e) {
            throw new StorageException(file + ": " + e.getMessage());
        }
    }

    private static void write(Path file, Object value) throws StorageException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            byte[] bytes = ApiJson.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(value);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StorageException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
