package io.sealer.cli.sealing;

import io.sealer.cli.sectors.SectorCommandBase;
import io.sealer.cluster.api.ApiClient.ApiCallException;
import io.sealer.cluster.operator.ColorMode;
import io.sealer.cluster.operator.SealingApi;
import io.sealer.cluster.operator.WorkersView;
import io.sealer.cluster.repo.RepoException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `sealer sealing workers [--color=auto|always|never]`: every sealing worker with its task
 * counts and CPU, RAM, VMEM and GPU bars (docs/operator-surface.md); `disable` and `enable`
 * take a worker out of scheduling and back.
 */
@Command(name = "workers", mixinStandardHelpOptions = true, description = "Show the sealing workers.",
        subcommands = {SealingWorkersCommand.Disable.class, SealingWorkersCommand.Enable.class})
public final class SealingWorkersCommand extends SectorCommandBase {

    @Option(names = "--color", defaultValue = "auto", converter = ColorConverter.class,
            description = "Colour the output: auto (on a terminal), always or never (default ${DEFAULT-VALUE}).")
    ColorMode color;

    private final boolean terminal;

    public SealingWorkersCommand() {
        this(System.getenv(), userHome(), ColorMode.stdoutIsTerminal());
    }

    SealingWorkersCommand(Map<String, String> env, Path home, boolean terminal) {
        super(env, home);
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws ApiCallException, RepoException {
        SealingApi.Workers w = client().get("/api/v0/sealing/workers", SealingApi.Workers.class);
        out().print(WorkersView.render(w.workers(), color.enabled(terminal)));
        out().flush();
        return 0;
    }

    /** `--color`'s values, with the one-line error of {@link ColorMode#parse}. */
    static final class ColorConverter implements CommandLine.ITypeConverter<ColorMode> {
        @Override
        public ColorMode convert(String value) {
            try {
                return ColorMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage().replaceFirst("^--color: ", ""));
            }
        }
    }

    /** `sealer sealing workers disable|enable <worker>`: the worker by id, start of its id, or hostname. */
    abstract static class Switch extends SectorCommandBase {
        @CommandLine.Parameters(index = "0", paramLabel = "WORKER",
                description = "The worker's id (or its start, as `sealing workers` shows it) or its hostname.")
        String worker;

        private final boolean enable;

        Switch(Map<String, String> env, Path home, boolean enable) {
            super(env, home);
            this.enable = enable;
        }

        @Override
        public Integer call() throws ApiCallException, RepoException {
            SealingApi.WorkerEnabled w = client().post("/api/v0/sealing/workers/"
                    + java.net.URLEncoder.encode(worker, java.nio.charset.StandardCharsets.UTF_8) + "/"
                    + (enable ? "enable" : "disable"), Map.of(), SealingApi.WorkerEnabled.class);
            out().println("worker " + w.worker() + " (" + w.hostname() + ") " + (enable ? "enabled" : "disabled")
                    + "; takes effect at the next scheduling pass");
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Give a worker no new tasks; its unstarted tasks go back to the queue, running ones finish.")
    public static final class Disable extends Switch {
        public Disable() {
            this(System.getenv(), userHome());
        }

        Disable(Map<String, String> env, Path home) {
            super(env, home, false);
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Schedule tasks on a disabled worker again.")
    public static final class Enable extends Switch {
        public Enable() {
            this(System.getenv(), userHome());
        }

        Enable(Map<String, String> env, Path home) {
            super(env, home, true);
        }
    }
}
