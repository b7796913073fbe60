package io.sealer.cli.bench;

import io.sealer.proofs.NativeProgress;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows the progress of one native call on the terminal, rewriting one line every second, and
 * clears it when closed. Only on a terminal (System.console() present) and never with --json:
 * a pipe or a JSON reader gets no progress lines. Sector sizes below 512 MiB finish too fast to
 * need it.
 */
final class ProgressPrinter implements AutoCloseable {
    static final long MIN_SECTOR_BYTES = 512L << 20;

    private final ScheduledExecutorService ticker;
    private final PrintWriter terminal;
    private int width;

    private ProgressPrinter(ScheduledExecutorService ticker, PrintWriter terminal) {
        this.ticker = ticker;
        this.terminal = terminal;
    }

    /** A printer for the call that `progress` follows, or one that prints nothing. */
    static ProgressPrinter start(String step, NativeProgress progress, int layers, long sectorBytes, boolean json) {
        java.io.Console console = System.console();
        if (console == null || json || sectorBytes < MIN_SECTOR_BYTES) {
            return new ProgressPrinter(null, null);
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        ProgressPrinter printer = new ProgressPrinter(ticker, console.writer());
        long start = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> printer.show(ProgressLine.format(step, progress.phase(), progress.layer(),
                layers, progress.done(), progress.total(), (System.nanoTime() - start) / 1e9)), 1, 1, TimeUnit.SECONDS);
        return printer;
    }

    private synchronized void show(String line) {
        terminal.print('\r' + line + " ".repeat(Math.max(0, width - line.length())));
        terminal.flush();
        width = line.length();
    }

    @Override
    public void close() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            terminal.print('\r' + " ".repeat(width) + '\r');
            terminal.flush();
        }
    }
}
