package io.sealer.proofs;

/**
 * The sealing proofs as Java sees them: byte arrays and paths in, results out. The product
 * implementation is {@link JnaSealingFfi} over libsealcore; fakes exist only in tests.
 * Implementations are thread-safe. A failure in the native code surfaces as
 * {@link SealingException} carrying the native message.
 */
public interface SealingFfi {

    /** The native library's version string. */
    String version();
}
