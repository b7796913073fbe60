package io.sealer.proofs;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Progress and cancellation of one long libsealcore call (parent cache generation, PreCommit1,
 * PreCommit2): the caller passes it to the call and may, from any other thread, read how far
 * the call is and cancel it. It wraps the C {@code sc_progress} block (32 bytes: done, total,
 * phase, layer, cancel), which the native code updates with atomic stores; {@code done} never
 * decreases during a call. A cancelled call throws {@link SealingException} with status
 * {@link NativeStatus#CANCELLED} after removing the files it wrote. Use one instance per call.
 */
public final class NativeProgress {
    private static final int DONE = 0;
    private static final int TOTAL = 8;
    private static final int PHASE = 16;
    private static final int LAYER = 20;
    private static final int CANCEL = 24;

    /** What the call is doing now (the C {@code sc_phase}). */
    public enum Phase {
        IDLE, PARENT_CACHE, COMM_D, LABELLING, TREE_D, TREE_C, ENCODING, TREE_R, DONE;

        /** A short lower-case name for progress lines. */
        public String label() {
            return switch (this) {
                case IDLE -> "starting";
                case PARENT_CACHE -> "parent cache";
                case TREE_R -> "tree_r_last";
                default -> name().toLowerCase(java.util.Locale.ROOT);
            };
        }
    }

    private final Memory block = new Memory(32);

    public NativeProgress() {
        block.clear();
    }

    /** Work units (nodes) done so far in this call. */
    public long done() {
        return block.getLong(DONE);
    }

    /** Work units of the whole call (0 until the call has started). */
    public long total() {
        return block.getLong(TOTAL);
    }

    /** done / total in [0, 1]; 0 before the call has started. */
    public double fraction() {
        long total = total();
        return total <= 0 ? 0 : Math.min(1.0, (double) done() / total);
    }

    public Phase phase() {
        int p = block.getInt(PHASE);
        Phase[] all = Phase.values();
        return p >= 0 && p < all.length ? all[p] : Phase.IDLE;
    }

    /** The SDR layer PreCommit1 is labelling (1-based), 0 in other phases. */
    public int layer() {
        return block.getInt(LAYER);
    }

    /** Asks the running call to stop at its next block of nodes. */
    public void cancel() {
        block.setInt(CANCEL, 1);
    }

    public boolean cancelRequested() {
        return block.getInt(CANCEL) != 0;
    }

    /** The block for the native call; the caller keeps this object alive during the call. */
    Pointer pointer() {
        return block;
    }

    static Pointer pointerOf(NativeProgress progress) {
        return progress == null ? null : progress.pointer();
    }
}
