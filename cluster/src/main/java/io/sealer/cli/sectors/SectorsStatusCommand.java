package io.sealer.cli.sectors;

import io.sealer.cluster.api.ApiClient.ApiCallException;
import io.sealer.cluster.repo.RepoException;
import io.sealer.cluster.sectors.api.SectorDetail;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `sealer sectors status N [--log]`: a sector's state and sealing values, with --log its history (read permission). */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show one sector.")
public final class SectorsStatusCommand extends SectorCommandBase {

    @Parameters(index = "0", paramLabel = "N", converter = SectorNumberConverter.class, description = "Sector number.")
    long number;

    @Option(names = "--log", description = "Also show the states it went through, with times and workers.")
    boolean log;

    public SectorsStatusCommand() {
        this(System.getenv(), userHome());
    }

    SectorsStatusCommand(Map<String, String> env, Path home) {
        super(env, home);
    }

    @Override
    public Integer call() throws ApiCallException, RepoException {
        out().print(SectorsView.status(client().get("/api/v0/sectors/" + number, SectorDetail.class), log));
        return 0;
    }
}
