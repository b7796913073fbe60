package io.sealer.cli.sectors;

import io.sealer.cli.SealerCli;
import io.sealer.cluster.sectors.api.AddPieceResponse;
import io.sealer.cluster.sectors.api.PieceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `sealer sectors add-piece FILE [--deal-id ID]` (admin, Lotus's SectorAddPieceToAny): streams the
 * file to the miner, which computes its CommP and places it in an open deal sector (a new one
 * when none has room); prints the sector and the piece CID.
 */
@Command(name = "add-piece", mixinStandardHelpOptions = true,
        description = "Add a file of deal data to a deal sector; prints the sector and the piece CID.")
public final class SectorsAddPieceCommand extends SectorCommandBase {

    @Parameters(index = "0", paramLabel = "FILE", description = "The piece's data.")
    Path file;

    @Option(names = "--deal-id", defaultValue = "0", converter = SectorNumberConverter.DealId.class,
            description = "The deal the piece belongs to (default: none).")
    long dealId;

    public SectorsAddPieceCommand() {
        this(System.getenv(), userHome());
    }

    SectorsAddPieceCommand(Map<String, String> env, Path home) {
        super(env, home);
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return usageError("FILE: " + file + " is not a readable file");
        }
        if (Files.size(file) == 0) {
            return usageError("FILE: " + file + " is empty; a piece needs at least 1 byte");
        }
        PieceLimits limits = client().get("/api/v0/sectors/pieces", PieceLimits.class);
        if (Files.size(file) > limits.maxDataSize()) {
            return usageError("FILE: " + file + " has " + Files.size(file) + " bytes, more than the "
                    + limits.maxDataSize() + " bytes a " + limits.sectorSize() + " sector holds");
        }
        AddPieceResponse r = client().put("/api/v0/sectors/pieces?deal-id=" + dealId, file, AddPieceResponse.class);
        out().println("Piece " + r.cid() + " (" + r.dataSize() + " bytes" + (dealId > 0 ? ", deal " + dealId : "")
                + ") added to sector " + r.sector() + " at offset " + r.offset());
        if (r.sealing()) {
            out().println("Sector " + r.sector() + " is full and starts sealing");
        }
        return 0;
    }

    private int usageError(String line) {
        spec.commandLine().getErr().println("sealer: " + line);
        spec.commandLine().getErr().flush();
        return SealerCli.USAGE;
    }
}
