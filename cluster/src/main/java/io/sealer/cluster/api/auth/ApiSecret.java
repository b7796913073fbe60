package io.sealer.cluster.api.auth;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The node's token-signing secret: 32 random bytes, hex in a file only its owner can read
 * (mode 0600), created once when the repository is initialised.
 */
public final class ApiSecret {
    static final int BYTES = 32;

    private final byte[] bytes;

    private ApiSecret(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /** A fresh random secret, not stored. */
    public static ApiSecret random() {
        byte[] b = new byte[BYTES];
        new SecureRandom().nextBytes(b);
        return new ApiSecret(b);
    }

    /** Reads the secret at {@code file}, creating it (mode 0600) when it does not exist. */
    public static ApiSecret loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            ApiSecret s = random();
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, HexFormat.of().formatHex(s.bytes) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
                return s;
            } catch (FileAlreadyExistsException raced) {
                // another process created it first: read theirs
            }
        }
        return load(file);
    }

    /** Reads an existing secret; a damaged file is an error naming it. */
    public static ApiSecret load(Path file) throws IOException {
        String text = Files.readString(file).trim();
        try {
            byte[] b = HexFormat.of().parseHex(text);
            if (b.length < BYTES) {
                throw new IOException("API secret " + file + " is damaged: " + b.length + " bytes, expected " + BYTES);
            }
            return new ApiSecret(b);
        } catch (IllegalArgumentException e) {
            throw new IOException("API secret " + file + " is damaged: not hex");
        }
    }
}
