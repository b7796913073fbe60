package io.sealer.cli.sectors;

import io.sealer.cli.SealerCli;
import io.sealer.cluster.sectors.api.PledgeRequest;
import io.sealer.cluster.sectors.api.SectorList;
import io.sealer.cluster.sectors.api.SectorRow;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `sealer sectors pledge [--count N] [--deals M]`: starts committed-capacity sectors (write permission). */
@Command(name = "pledge", mixinStandardHelpOptions = true, description = "Start committed-capacity sectors.")
public final class SectorsPledgeCommand extends SectorCommandBase {

    @Option(names = "--count", defaultValue = "1", converter = CountConverter.class,
            description = "How many sectors to start (1 to " + PledgeRequest.MAX_COUNT + ", default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--deals", defaultValue = "0", converter = DealsConverter.class,
            description = "How many of them to mark as holding deals (default ${DEFAULT-VALUE}).")
    int deals;

    public SectorsPledgeCommand() {
        this(System.getenv(), userHome());
    }

    SectorsPledgeCommand(Map<String, String> env, Path home) {
        super(env, home);
    }

    @Override
    public Integer call() throws Exception {
        if (deals > count) {
            spec.commandLine().getErr().println("sealer: --deals: expected at most --count (" + count + "), got " + deals);
            spec.commandLine().getErr().flush();
            return SealerCli.USAGE;
        }
        SectorList started = client().post("/api/v0/sectors/pledge", new PledgeRequest(count, deals), SectorList.class);
        out().println("Pledged " + started.sectors().size() + (started.sectors().size() == 1 ? " sector: " : " sectors: ")
                + started.sectors().stream().map(r -> Long.toString(r.number())).collect(Collectors.joining(", ")));
        long withDeals = started.sectors().stream().filter(SectorRow::deals).count();
        if (withDeals > 0) {
            out().println(withDeals + " of them marked as holding deals");
        }
        return 0;
    }

    /** A whole number between {@code min} and {@code max}. */
    abstract static class BoundedIntConverter implements CommandLine.ITypeConverter<Integer> {
        private final int min;
        private final int max;

        BoundedIntConverter(int min, int max) {
            this.min = min;
            this.max = max;
        }

        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new CommandLine.TypeConversionException("expected a whole number from " + min + " to " + max
                    + ", got '" + value + "'");
        }
    }

    static final class CountConverter extends BoundedIntConverter {
        CountConverter() {
            super(1, PledgeRequest.MAX_COUNT);
        }
    }

    static final class DealsConverter extends BoundedIntConverter {
        DealsConverter() {
            super(0, PledgeRequest.MAX_COUNT);
        }
    }
}
