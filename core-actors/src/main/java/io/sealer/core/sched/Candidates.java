package io.sealer.core.sched;

/**
 * A task class's acceptable windows in one pass, best first. A window that cannot fit a task
 * of the class stays unable to for the rest of the pass (its accumulator only grows, and the
 * class fixes the need), so it is dropped and later tasks skip it: "next live position"
 * pointers with path compression keep each scan proportional to the live windows.
 */
final class Candidates {
    private final int[] windows;
    private final int[] next;

    Candidates(int[] windows) {
        this.windows = windows;
        this.next = new int[windows.length + 1];
        for (int i = 0; i < next.length; i++) {
            next[i] = i;
        }
    }

    /** Positions run from 0 to size(); a scan ends when a position reaches size(). */
    int size() {
        return windows.length;
    }

    /** The pass's window index at a position. */
    int window(int pos) {
        return windows[pos];
    }

    int first() {
        return find(0);
    }

    int after(int pos) {
        return find(pos + 1);
    }

    void drop(int pos) {
        next[pos] = pos + 1;
    }

    private int find(int pos) {
        int root = pos;
        while (next[root] != root) {
            root = next[root];
        }
        while (next[pos] != root) {
            int n = next[pos];
            next[pos] = root;
            pos = n;
        }
        return root;
    }
}
