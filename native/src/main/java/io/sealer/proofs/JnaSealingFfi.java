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

    // ---- Part 1 (fr32, CommP/CommD, replica id, parent graph, PreCommit1): delegated to JnaSdr ----
    private volatile JnaSdr sdr;

    private JnaSdr sdr() {
        JnaSdr s = sdr;
        if (s == null) {
            synchronized (this) {
                s = sdr;
                if (s == null) {
                    try {
                        s = new JnaSdr();
                    } catch (UnsatisfiedLinkError e) {
                        throw new SealingException("cannot load libsealcore: " + e.getMessage());
                    }
                    sdr = s;
                }
            }
        }
        return s;
    }

    @Override
    public byte[] porepId(int proof) {
        return sdr().porepId(proof);
    }

    @Override
    public byte[] fr32Pad(byte[] unpadded) {
        return sdr().fr32Pad(unpadded);
    }

    @Override
    public byte[] fr32Unpad(byte[] padded) {
        return sdr().fr32Unpad(padded);
    }

    @Override
    public byte[] zeroCommitment(long paddedSize) {
        return sdr().zeroCommitment(paddedSize);
    }

    @Override
    public byte[] commP(byte[] unpadded) {
        return sdr().commP(unpadded);
    }

    @Override
    public byte[] commPFile(java.nio.file.Path file, long unpaddedSize) {
        return sdr().commPFile(file, unpaddedSize);
    }

    @Override
    public AddPieceOutput addPiece(java.nio.file.Path piece, long unpaddedSize, java.nio.file.Path staged,
            long sectorSize) {
        return sdr().addPiece(piece, unpaddedSize, staged, sectorSize);
    }

    @Override
    public byte[] commD(long sectorSize, java.util.List<PieceInfo> pieces) {
        return sdr().commD(sectorSize, pieces);
    }

    @Override
    public byte[] commDFile(java.nio.file.Path staged, long sectorSize) {
        return sdr().commDFile(staged, sectorSize);
    }

    @Override
    public byte[] replicaId(byte[] proverId, long sectorId, byte[] ticket, byte[] commD, byte[] porepId) {
        return sdr().replicaId(proverId, sectorId, ticket, commD, porepId);
    }

    @Override
    public int[] parents(int proof, long node) {
        return sdr().parents(proof, node);
    }

    @Override
    public String parentCacheName(int proof) {
        return sdr().parentCacheName(proof);
    }

    @Override
    public byte[] generateParentCache(int proof, java.nio.file.Path file, int threads) {
        return sdr().generateParentCache(proof, file, threads);
    }

    @Override
    public ParentCacheCheck verifyParentCache(int proof, java.nio.file.Path file) {
        return sdr().verifyParentCache(proof, file);
    }

    @Override
    public java.nio.file.Path ensureParentCache(int proof, java.nio.file.Path dir) {
        return sdr().ensureParentCache(proof, dir);
    }

    @Override
    public PreCommit1Output preCommit1(int proof, java.nio.file.Path parentCacheDir, java.nio.file.Path staged,
            java.nio.file.Path cacheDir, byte[] proverId, long sectorId, byte[] ticket, byte[] expectedCommD) {
        return sdr().preCommit1(proof, parentCacheDir, staged, cacheDir, proverId, sectorId, ticket, expectedCommD);
    }

    @Override
    public String sha256Implementation() {
        return sdr().sha256Implementation();
    }

    @Override
    public double opensslSha256BytesPerSecond(double seconds) {
        return sdr().opensslSha256BytesPerSecond(seconds);
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
