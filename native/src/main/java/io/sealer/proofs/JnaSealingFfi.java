package io.sealer.proofs;

import java.nio.file.Path;
import java.util.List;

/**
 * {@link SealingFfi} over libsealcore, loaded by JNA from the jar (resource prefix
 * {@code linux-x86-64/}) or from {@code jna.library.path}. The library is mapped once per
 * process ({@link SealCoreLibrary}) and its version checked against this jar's; the part-1 and
 * part-2 calls go through {@link JnaSdr} and {@link JnaPoRep}. Stateless apart from the
 * library handle, so one instance serves every thread.
 */
public final class JnaSealingFfi implements SealingFfi {
    private static volatile JnaSealingFfi instance;
    private final SealCoreLibrary lib;
    private final JnaSdr sdr;
    private final JnaPoRep porep;

    private JnaSealingFfi(SealCoreLibrary lib) {
        this.lib = lib;
        this.sdr = new JnaSdr(lib);
        this.porep = new JnaPoRep(lib);
    }

    /** The process-wide binding; loads and checks libsealcore on first use. */
    public static JnaSealingFfi get() {
        JnaSealingFfi local = instance;
        if (local == null) {
            synchronized (JnaSealingFfi.class) {
                local = instance;
                if (local == null) {
                    local = new JnaSealingFfi(SealCoreLibrary.load());
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

    @Override
    public byte[] porepId(int proof) {
        return sdr.porepId(proof);
    }

    @Override
    public byte[] fr32Pad(byte[] unpadded) {
        return sdr.fr32Pad(unpadded);
    }

    @Override
    public byte[] fr32Unpad(byte[] padded) {
        return sdr.fr32Unpad(padded);
    }

    @Override
    public byte[] zeroCommitment(long paddedSize) {
        return sdr.zeroCommitment(paddedSize);
    }

    @Override
    public byte[] commP(byte[] unpadded) {
        return sdr.commP(unpadded);
    }

    @Override
    public byte[] commPFile(Path file, long unpaddedSize) {
        return sdr.commPFile(file, unpaddedSize);
    }

    @Override
    public AddPieceOutput addPiece(Path piece, long unpaddedSize, Path staged, long sectorSize) {
        return sdr.addPiece(piece, unpaddedSize, staged, sectorSize);
    }

    @Override
    public byte[] commD(long sectorSize, List<PieceInfo> pieces) {
        return sdr.commD(sectorSize, pieces);
    }

    @Override
    public byte[] commDFile(Path staged, long sectorSize) {
        return sdr.commDFile(staged, sectorSize);
    }

    @Override
    public byte[] replicaId(byte[] proverId, long sectorId, byte[] ticket, byte[] commD, byte[] porepId) {
        return sdr.replicaId(proverId, sectorId, ticket, commD, porepId);
    }

    @Override
    public int[] parents(int proof, long node) {
        return sdr.parents(proof, node);
    }

    @Override
    public String parentCacheName(int proof) {
        return sdr.parentCacheName(proof);
    }

    @Override
    public byte[] generateParentCache(int proof, Path file, int threads, NativeProgress progress) {
        return sdr.generateParentCache(proof, file, threads, progress);
    }

    @Override
    public ParentCacheCheck verifyParentCache(int proof, Path file) {
        return sdr.verifyParentCache(proof, file);
    }

    @Override
    public Path ensureParentCache(int proof, Path dir, NativeProgress progress) {
        return sdr.ensureParentCache(proof, dir, progress);
    }

    @Override
    public PreCommit1Output preCommit1(int proof, Path parentCacheDir, Path staged, Path cacheDir, byte[] proverId,
            long sectorId, byte[] ticket, byte[] expectedCommD, NativeProgress progress) {
        return sdr.preCommit1(proof, parentCacheDir, staged, cacheDir, proverId, sectorId, ticket, expectedCommD,
                progress);
    }

    @Override
    public String sha256Implementation() {
        return sdr.sha256Implementation();
    }

    @Override
    public String frMulImplementation() {
        return sdr.frMulImplementation();
    }

    @Override
    public double opensslSha256BytesPerSecond(double seconds) {
        return sdr.opensslSha256BytesPerSecond(seconds);
    }

    @Override
    public byte[] poseidonHash(int arity, byte[] inputs) {
        return porep.poseidonHash(arity, inputs);
    }

    @Override
    public double poseidonHashesPerSecond(int arity, double seconds) {
        return porep.poseidonHashesPerSecond(arity, seconds);
    }

    @Override
    public PreCommit2Output preCommit2(int proof, Path cacheDir, Path staged, Path sealed, int threads,
            byte[] expectedCommD, NativeProgress progress) {
        return porep.preCommit2(proof, cacheDir, staged, sealed, threads, expectedCommD, progress);
    }

    @Override
    public void unseal(int proof, Path cacheDir, Path sealed, long offset, long length, Path out) {
        porep.unseal(proof, cacheDir, sealed, offset, length, out);
    }

    @Override
    public long[] interactiveChallenges(int proof, byte[] replicaId, byte[] seed) {
        return porep.interactiveChallenges(proof, replicaId, seed);
    }

    @Override
    public byte[] commit1(int proof, Path cacheDir, Path sealed, byte[] proverId, long sectorId, byte[] ticket,
            byte[] seed, byte[] commD, byte[] commR) {
        return porep.commit1(proof, cacheDir, sealed, proverId, sectorId, ticket, seed, commD, commR);
    }

    @Override
    public void verifyCommit1(int proof, byte[] proverId, long sectorId, byte[] ticket, byte[] seed, byte[] commD,
            byte[] commR, byte[] commit1Output) {
        porep.verifyCommit1(proof, proverId, sectorId, ticket, seed, commD, commR, commit1Output);
    }

    @Override
    public byte[] commit2(int proof, byte[] proverId, long sectorId, byte[] ticket, byte[] seed, byte[] commD,
            byte[] commR, byte[] commit1Output) {
        return porep.commit2(proof, proverId, sectorId, ticket, seed, commD, commR, commit1Output);
    }
}
