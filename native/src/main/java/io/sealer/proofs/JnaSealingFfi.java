package io.sealer.proofs;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * {@link SealingFfi} over libsealcore, loaded by JNA from the jar (resource prefix
 * {@code linux-x86-64/}) or from {@code jna.library.path}. Stateless apart from the library
 * handle, so one instance serves every thread.
 */
public final class JnaSealingFfi implements SealingFfi {

    /** The raw C symbols; kept package-private so only this class calls them. */
    interface Lib extends Library {
        String sc_version();

        String sc_last_error();
    }

    private static volatile JnaSealingFfi instance;
    private final Lib lib;

    private JnaSealingFfi(Lib lib) {
        this.lib = lib;
    }

    /** The process-wide binding; loads libsealcore on first use. */
    public static JnaSealingFfi get() {
        JnaSealingFfi local = instance;
        if (local == null) {
            synchronized (JnaSealingFfi.class) {
                local = instance;
                if (local == null) {
                    try {
                        local = new JnaSealingFfi(Native.load("sealcore", Lib.class));
                    } catch (UnsatisfiedLinkError e) {
                        throw new SealingException("cannot load libsealcore: " + e.getMessage());
                    }
                    instance = local;
                }
            }
        }
        return local;
    }

    @Override
    public String version() {
        return lib.sc_version();
    }

    /** Turns a negative native return code into an exception with the C message. */
    void check(int rc) {
        if (rc < 0) {
            throw new SealingException(rc, lib.sc_last_error());
        }
    }

    // ---- Part 2 (Poseidon, PreCommit2, Commit1/2, unsealing): delegated to JnaPoRep ----
    private volatile JnaPoRep porep;

    private JnaPoRep porep() {
        JnaPoRep p = porep;
        if (p == null) {
            synchronized (this) {
                p = porep;
                if (p == null) {
                    try {
                        p = new JnaPoRep();
                    } catch (UnsatisfiedLinkError e) {
                        throw new SealingException("cannot load libsealcore: " + e.getMessage());
                    }
                    porep = p;
                }
            }
        }
        return p;
    }

    @Override
    public byte[] poseidonHash(int arity, byte[] inputs) {
        return porep().poseidonHash(arity, inputs);
    }

    @Override
    public double poseidonHashesPerSecond(int arity, double seconds) {
        return porep().poseidonHashesPerSecond(arity, seconds);
    }

    @Override
    public PreCommit2Output preCommit2(int proof, java.nio.file.Path cacheDir, java.nio.file.Path staged,
            java.nio.file.Path sealed, int threads, byte[] expectedCommD) {
        return porep().preCommit2(proof, cacheDir, staged, sealed, threads, expectedCommD);
    }

    @Override
    public void unseal(int proof, java.nio.file.Path cacheDir, java.nio.file.Path sealed, long offset, long length,
            java.nio.file.Path out) {
        porep().unseal(proof, cacheDir, sealed, offset, length, out);
    }

    @Override
    public long[] interactiveChallenges(int proof, byte[] replicaId, byte[] seed) {
        return porep().interactiveChallenges(proof, replicaId, seed);
    }

    @Override
    public byte[] commit1(int proof, java.nio.file.Path cacheDir, java.nio.file.Path sealed, byte[] proverId,
            long sectorId, byte[] ticket, byte[] seed, byte[] commD, byte[] commR) {
        return porep().commit1(proof, cacheDir, sealed, proverId, sectorId, ticket, seed, commD, commR);
    }

    @Override
    public void verifyCommit1(int proof, byte[] proverId, long sectorId, byte[] ticket, byte[] seed, byte[] commD,
            byte[] commR, byte[] commit1Output) {
        porep().verifyCommit1(proof, proverId, sectorId, ticket, seed, commD, commR, commit1Output);
    }

    @Override
    public byte[] commit2(int proof, byte[] proverId, long sectorId, byte[] ticket, byte[] seed, byte[] commD,
            byte[] commR, byte[] commit1Output) {
        return porep().commit2(proof, proverId, sectorId, ticket, seed, commD, commR, commit1Output);
    }
}
