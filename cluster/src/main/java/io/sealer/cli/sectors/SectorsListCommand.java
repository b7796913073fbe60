package io.sealer.cli.sectors;

import io.sealer.cli.DurationConverter;
import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.ApiClient.ApiCallException;
import io.sealer.cluster.operator.ColorMode;
import io.sealer.cluster.sectors.api.SectorList;
import io.sealer.core.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `sealer sectors list [--watch]`: one row per sector (read permission). With {@code --watch}
 * the table is fetched again every {@code --interval}: redrawn in place on a terminal, printed
 * again below the last one otherwise, until the command is stopped (Ctrl-C). Once the first
 * table is shown, a miner that stops answering is said in the table's place and asked again at
 * the next refresh (a restart is watched through); a token it refuses ends the watch.
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the miner's sectors.")
public final class SectorsListCommand extends SectorCommandBase {
    /** Cursor home and clear screen. */
    static final String CLEAR = "\u001b[H\u001b[2J";

    /** Waits between refreshes; interrupting it ends the watch. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration d) throws InterruptedException;
    }

    @Option(names = "--watch", description = "Refresh the list until stopped.")
    boolean watch;

    @Option(names = "--interval", defaultValue = "2s", converter = DurationConverter.class,
            description = "Time between refreshes with --watch (default ${DEFAULT-VALUE}).")
    Duration interval;

    private final boolean terminal;
    private final Pause pause;
    private final Clock clock;

    public SectorsListCommand() {
        this(System.getenv(), userHome(), ColorMode.stdoutIsTerminal(), d -> Thread.sleep(d.toMillis()), Clock.systemUTC());
    }

    SectorsListCommand(Map<String, String> env, Path home, boolean terminal, Pause pause, Clock clock) {
        super(env, home);
        this.terminal = terminal;
        this.pause = pause;
        this.clock = clock;
    }

    private static String table(ApiClient client) throws ApiCallException {
        return SectorsView.list(client.get("/api/v0/sectors", SectorList.class).sectors());
    }

    @Override
    public Integer call() throws Exception {
        ApiClient client = client();
        PrintWriter out = out();
        if (!watch) {
            out.print(table(client));
            return 0;
        }
        if (interval.isZero()) {
            throw new IllegalArgumentException("--interval must be more than 0s with --watch");
        }
        String body = table(client);
        while (true) {
            String header = "Every " + Durations.format(interval) + ": sealer sectors list  " + SectorsView.time(clock.instant());
            out.print((terminal ? CLEAR : "") + header + "\n\n" + body + (terminal ? "" : "\n"));
            out.flush();
            try {
                pause.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            try {
                body = table(client);
            } catch (ApiCallException e) {
                if (e.status() == 401 || e.status() == 403) {
                    throw e;
                }
                body = "sealer: " + e.getMessage() + " (trying again every " + Durations.format(interval) + ")\n";
            }
        }
    }
}
