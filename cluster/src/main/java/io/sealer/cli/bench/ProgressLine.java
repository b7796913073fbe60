package io.sealer.cli.bench;

import io.sealer.core.Durations;
import io.sealer.proofs.NativeProgress;
import java.time.Duration;
import java.util.Locale;

/**
 * One line of progress of a long native call, as a person reads it:
 * "PreCommit1 labelling layer 3/11  27.3%  412.5 MiB/s  ETA 2m30s" (the phase is left out when
 * it is the step itself, as for "parent cache"). The rate is over the whole
 * call so far, in sector bytes (32 per node); the ETA assumes that rate holds.
 */
final class ProgressLine {
    private ProgressLine() {}

    /**
     * The line for a call named step that has done `done` of `total` nodes in elapsedSeconds,
     * now in phase (layer > 0: of layers).
     */
    static String format(String step, NativeProgress.Phase phase, int layer, int layers, long done, long total,
            double elapsedSeconds) {
        StringBuilder sb = new StringBuilder(step);
        if (!phase.label().equals(step)) {
            sb.append(' ').append(phase.label());
        }
        if (layer > 0) {
            sb.append(" layer ").append(layer).append('/').append(layers);
        }
        double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        sb.append(String.format(Locale.ROOT, "  %5.1f%%", 100 * fraction));
        if (done > 0 && elapsedSeconds > 0) {
            double nodesPerSecond = done / elapsedSeconds;
            sb.append(String.format(Locale.ROOT, "  %.1f MiB/s", nodesPerSecond * 32 / (1 << 20)));
            sb.append("  ETA ").append(Durations.format(Duration.ofSeconds(Math.round((total - done) / nodesPerSecond))));
        }
        return sb.toString();
    }
}
