package io.sealer.cli.sectors;

import io.sealer.cluster.sectors.api.RemoveResponse;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `sealer sectors remove N`: starts removing a sector and its files (admin permission). */
@Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a sector and its files.")
public final class SectorsRemoveCommand extends SectorCommandBase {

    @Parameters(index = "0", paramLabel = "N", converter = SectorNumberConverter.class, description = "Sector number.")
    long number;

    public SectorsRemoveCommand() {
        this(System.getenv(), userHome());
    }

    SectorsRemoveCommand(Map<String, String> env, Path home) {
        super(env, home);
    }

    @Override
    public Integer call() throws Exception {
        RemoveResponse r = client().delete("/api/v0/sectors/" + number, RemoveResponse.class);
        out().println("already-removed".equals(r.result()) ? "Sector " + number + " was already removed"
                : "Sector " + number + " is being removed");
        return 0;
    }
}
