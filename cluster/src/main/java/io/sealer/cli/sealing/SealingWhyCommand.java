package io.sealer.cli.sealing;

import io.sealer.cli.sectors.SectorCommandBase;
import io.sealer.cli.sectors.SectorNumberConverter;
import io.sealer.cluster.api.ApiClient.ApiCallException;
import io.sealer.cluster.operator.WhyView;
import io.sealer.cluster.repo.RepoException;
import io.sealer.core.sched.WaitExplanation;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * `sealer sealing why <sector>`: for each waiting task of the sector, how long it has waited,
 * its place in the queue and, per worker, why it does not run there (read permission).
 */
@Command(name = "why", mixinStandardHelpOptions = true, description = "Say why a sector's tasks are waiting.")
public final class SealingWhyCommand extends SectorCommandBase {

    @Parameters(index = "0", paramLabel = "N", converter = SectorNumberConverter.class, description = "Sector number.")
    long number;

    public SealingWhyCommand() {
        this(System.getenv(), userHome());
    }

    SealingWhyCommand(Map<String, String> env, Path home) {
        super(env, home);
    }

    @Override
    public Integer call() throws ApiCallException, RepoException {
        out().print(WhyView.render(client().get("/api/v0/sealing/why/" + number, WaitExplanation.class)));
        out().flush();
        return 0;
    }
}
