package io.sealer.cluster.sealing;

import io.sealer.core.sched.FailureKind;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import io.sealer.core.worker.TaskExecutor;
import io.sealer.core.worker.TaskFailure;
import io.sealer.proofs.CommCid;
import io.sealer.proofs.PreCommit2Output;
import io.sealer.proofs.SealingException;
import io.sealer.proofs.SealingFfi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs sealing tasks on this worker with the native proofs (libsealcore through
 * {@link SealingFfi}), on the sector files under one storage path. Inputs come from the task's
 * params (ticket, seed, commitments as hex); outputs go back as hex and CIDs. Every file is
 * written under a temporary name and renamed, so a crash never leaves a file that looks
 * complete. Blocking: runs on the task dispatcher.
 *
 * <p>Failures are thrown as {@link TaskFailure} with the kind the sector state machine routes
 * on: a missing input file is MISSING_INPUT; libsealcore's verification failures (and any
 * Commit1 failure: Commit1 checks the cache against comm_d and comm_r and verifies its own
 * vanilla proofs, so what it finds wrong is an earlier stage's output) are BAD_OUTPUT; bad
 * parameters are PERMANENT; anything else (I/O, memory) is TEMPORARY.
 */
public final class NativeTaskExecutor implements TaskExecutor {
    private static final HexFormat HEX = HexFormat.of();

    /** libsealcore's return codes (sealcore.h). */
    private static final int SC_ERR_ARG = -1;
    private static final int SC_ERR_VERIFY = -4;

    private final SealingFfi ffi;
    private final SectorFiles files;
    private final int pc2Threads;

    public NativeTaskExecutor(SealingFfi ffi, SectorFiles files, int pc2Threads) {
        this.ffi = ffi;
        this.files = files;
        this.pc2Threads = pc2Threads;
    }

    /** The sector's files must already be on this worker (fetching from other workers comes with /remote). */
    @Override
    public void prepare(TaskRequest r) throws TaskFailure {
        SectorId id = r.sector().id();
        Path need = switch (r.type()) {
            case PC1 -> files.unsealed(id);
            case PC2 -> files.cache(id);
            case C1, FIN -> files.sealed(id);
            default -> null;
        };
        if (need != null && !Files.exists(need)) {
            throw new TaskFailure(FailureKind.MISSING_INPUT,
                    r.type().shortName() + " of " + id + " needs " + need + ", which is not on this worker");
        }
    }

    @Override
    public Map<String, String> work(TaskRequest r, int threads) throws Exception {
        try {
            return switch (r.type()) {
                case AP -> addPiece(r);
                case PC1 -> preCommit1(r);
                case PC2 -> preCommit2(r, threads);
                case C1 -> commit1(r);
                case C2 -> commit2(r);
                case FIN -> finalizeSector(r);
                case GET -> Map.of();
                default -> throw new TaskFailure(FailureKind.PERMANENT,
                        r.type().shortName() + " is not supported by this worker");
            };
        } catch (SealingException e) {
            throw new TaskFailure(kindOf(r.type(), e), e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new TaskFailure(FailureKind.MISSING_INPUT, r.type().shortName() + " of " + r.sector().id()
                    + " needs " + e.getFile() + ", which is not on this worker", e);
        }
    }

    /** How a libsealcore failure of a task counts for the sector's failure route. */
    static FailureKind kindOf(TaskType type, SealingException e) {
        if (e.code() == SC_ERR_VERIFY || type == TaskType.C1) {
            return FailureKind.BAD_OUTPUT;
        }
        return e.code() == SC_ERR_ARG ? FailureKind.PERMANENT : FailureKind.TEMPORARY;
    }

    /** AddPiece of a whole sector of zeros (a committed-capacity sector); CommD = its CommP. */
    private Map<String, String> addPiece(TaskRequest r) throws IOException {
        SealProof proof = r.sector().proof();
        SectorId id = r.sector().id();
        Path staged = files.unsealed(id);
        Files.createDirectories(staged.getParent());
        Path tmp = staged.resolveSibling(staged.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        byte[] commP = ffi.addPiece(null, proof.sectorSize().unpaddedBytes(), tmp, proof.sectorSize().bytes()).commP();
        Files.move(tmp, staged, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return Map.of("commD", HEX.formatHex(commP), "commDCid", CommCid.unsealed(commP));
    }

    private Map<String, String> preCommit1(TaskRequest r) throws IOException, TaskFailure {
        SealProof proof = r.sector().proof();
        SectorId id = r.sector().id();
        Path cache = files.cache(id);
        Files.createDirectories(cache);
        Files.createDirectories(files.parentCache());
        byte[] replicaId = ffi.preCommit1(proof.id(), files.parentCache(), files.unsealed(id), cache, proverId(id),
                id.number(), bytes32(r, "ticket"), bytes32(r, "commD")).replicaId();
        return Map.of("replicaId", HEX.formatHex(replicaId));
    }

    private Map<String, String> preCommit2(TaskRequest r, int threads) throws IOException, TaskFailure {
        SectorId id = r.sector().id();
        Path sealed = files.sealed(id);
        Files.createDirectories(sealed.getParent());
        PreCommit2Output out = ffi.preCommit2(r.sector().proof().id(), files.cache(id), files.unsealed(id), sealed,
                pc2Threads > 0 ? pc2Threads : Math.max(1, Math.min(threads, 64)), bytes32(r, "commD"));
        Map<String, String> m = new HashMap<>();
        m.put("commR", HEX.formatHex(out.commR()));
        m.put("commRCid", CommCid.sealed(out.commR()));
        return m;
    }

    private Map<String, String> commit1(TaskRequest r) throws IOException, TaskFailure {
        SectorId id = r.sector().id();
        byte[] c1 = ffi.commit1(r.sector().proof().id(), files.cache(id), files.sealed(id), proverId(id), id.number(),
                bytes32(r, "ticket"), bytes32(r, "seed"), bytes32(r, "commD"), bytes32(r, "commR"));
        writeAtomically(files.cache(id).resolve("commit1.out"), c1);
        return Map.of("commit1Bytes", Integer.toString(c1.length));
    }

    private Map<String, String> commit2(TaskRequest r) throws Exception {
        SectorId id = r.sector().id();
        Path c1File = files.cache(id).resolve("commit1.out");
        if (!Files.exists(c1File)) {
            throw new TaskFailure(FailureKind.MISSING_INPUT, "Commit2 of " + id + " needs the Commit1 output " + c1File
                    + ", which is not on this worker");
        }
        byte[] proofBytes = ffi.commit2(r.sector().proof().id(), proverId(id), id.number(), bytes32(r, "ticket"),
                bytes32(r, "seed"), bytes32(r, "commD"), bytes32(r, "commR"), Files.readAllBytes(c1File));
        writeAtomically(files.cache(id).resolve("proof.out"), proofBytes);
        return Map.of("proofSha256", HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(proofBytes)));
    }

    /** Drops what proving does not need: the SDR layers, tree_c and tree_d. */
    private Map<String, String> finalizeSector(TaskRequest r) throws IOException {
        Path cache = files.cache(r.sector().id());
        long freed = 0;
        try (Stream<Path> s = Files.list(cache)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("sc-02-data-layer-") || n.startsWith("sc-02-data-tree-c") || n.startsWith("sc-02-data-tree-d")) {
                    freed += Files.size(p);
                    Files.delete(p);
                }
            }
        }
        return Map.of("finalizeFreedBytes", Long.toString(freed));
    }

    /** uvarint(miner id) right-padded with zeros to 32 bytes (spec/proofs.md §4). */
    static byte[] proverId(SectorId id) {
        byte[] out = new byte[32];
        long v = id.miner();
        int i = 0;
        do {
            byte b = (byte) (v & 0x7f);
            v >>>= 7;
            out[i++] = (byte) (v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return out;
    }

    private static byte[] bytes32(TaskRequest r, String key) throws TaskFailure {
        String v = r.params().get(key);
        if (v == null) {
            throw new TaskFailure(FailureKind.PERMANENT,
                    "task " + r.type().shortName() + " of " + r.sector().id() + " lacks its " + key);
        }
        try {
            byte[] b = HEX.parseHex(v);
            if (b.length != 32) {
                throw new IllegalArgumentException();
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new TaskFailure(FailureKind.PERMANENT, key + " of " + r.sector().id() + " is not 32 bytes of hex");
        }
    }

    private static void writeAtomically(Path target, byte[] data) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, data);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
