package io.sealer.cli.sectors;

import io.sealer.cli.CliRun;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.rpc.HttpTestNode;
import io.sealer.cluster.sectors.InMemorySectors;
import io.sealer.cluster.sectors.SectorsRoutes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import picocli.CommandLine;

/**
 * A miner's HTTP port serving the sectors API over {@link InMemorySectors}, and `sealer sectors
 * ...` run in-process against it with MINER_API_INFO (or any environment) given.
 */
final class SectorsCli implements AutoCloseable {
    static final Clock CLOCK = Clock.fixed(InMemorySectors.T0.plusSeconds(3600), ZoneOffset.UTC);

    final InMemorySectors sectors = new InMemorySectors();
    final HttpTestNode node;
    /** The pauses `list --watch` took. */
    final List<Duration> pauses = new ArrayList<>();
    /** How many refreshes `list --watch` makes before it is interrupted. */
    int refreshes = 3;
    boolean terminal;
    /** Runs at each pause of `list --watch` with the number of pauses so far (to change the miner between refreshes). */
    IntConsumer onPause = n -> { };

    SectorsCli(String name) throws Exception {
        node = new HttpTestNode(name, new SectorsRoutes(sectors, CLOCK)::routes);
    }

    /** MINER_API_INFO with a token of {@code permission} (none when null) for this node. */
    String apiInfo(Permission permission) {
        return (permission == null ? "" : node.tokens.create(permission, "cli-test") + ":") + "/ip4/127.0.0.1/tcp/"
                + node.http.address().getPort() + "/http";
    }

    CliRun run(Permission permission, String... args) {
        return run(Map.of("MINER_API_INFO", apiInfo(permission)), args);
    }

    CliRun run(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "sectors";
        System.arraycopy(args, 0, all, 1, args.length);
        CliRun r = CliRun.of(env, factory(env), all);
        Thread.interrupted(); // a watch ends by interruption; the test thread goes on
        return r;
    }

    private CommandLine.IFactory factory(Map<String, String> env) {
        Path home = Path.of("/nonexistent-home");
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                Object made;
                if (cls == SectorsPledgeCommand.class) {
                    made = new SectorsPledgeCommand(env, home);
                } else if (cls == SectorsListCommand.class) {
                    made = new SectorsListCommand(env, home, terminal, d -> {
                        pauses.add(d);
                        onPause.accept(pauses.size());
                        if (pauses.size() >= refreshes) {
                            throw new InterruptedException();
                        }
                    }, CLOCK);
                } else if (cls == SectorsStatusCommand.class) {
                    made = new SectorsStatusCommand(env, home);
                } else if (cls == SectorsRemoveCommand.class) {
                    made = new SectorsRemoveCommand(env, home);
                } else {
                    return CommandLine.defaultFactory().create(cls);
                }
                return cls.cast(made);
            }
        };
    }

    @Override
    public void close() {
        node.close();
    }
}
