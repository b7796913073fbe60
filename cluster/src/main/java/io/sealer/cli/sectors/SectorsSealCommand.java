package io.sealer.cli.sectors;

import io.sealer.cluster.sectors.api.SealResponse;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `sealer sectors seal N` (write, Lotus's SectorStartSealing): a deal sector waiting for deals starts sealing now. */
@Command(name = "seal", mixinStandardHelpOptions = true,
        description = "Start sealing a deal sector now instead of waiting for more deals.")
public final class SectorsSealCommand extends SectorCommandBase {

    @Parameters(index = "0", paramLabel = "N", converter = SectorNumberConverter.class, description = "Sector number.")
    long number;

    public SectorsSealCommand() {
        this(System.getenv(), userHome());
    }

    SectorsSealCommand(Map<String, String> env, Path home) {
        super(env, home);
    }

    @Override
    public Integer call() throws Exception {
        SealResponse r = client().post("/api/v0/sectors/" + number + "/seal", Map.of(), SealResponse.class);
        out().println("Sector " + r.number() + " starts sealing");
        return 0;
    }
}
