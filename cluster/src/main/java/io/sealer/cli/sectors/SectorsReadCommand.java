package io.sealer.cli.sectors;

import io.sealer.cli.SealerCli;
import io.sealer.cluster.sectors.PieceRoutes;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `sealer sectors read N [--piece CID] --out FILE` (admin): the piece's original bytes, from the
 * sector's unsealed copy when one is kept, else unsealed on a worker. The file appears only
 * complete (written under a temporary name, then renamed).
 */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = "Read a piece of a sealed deal sector back into a file.")
public final class SectorsReadCommand extends SectorCommandBase {
    /** A read may queue behind other tasks and unseal (PreCommit1 again for a finalized sector). */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(30);

    @Parameters(index = "0", paramLabel = "N", converter = SectorNumberConverter.class, description = "Sector number.")
    long number;

    @Option(names = "--piece", paramLabel = "CID", description = "The piece (may be left out when the sector holds one).")
    String piece;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the piece's bytes.")
    Path out;

    public SectorsReadCommand() {
        this(System.getenv(), userHome());
    }

    SectorsReadCommand(Map<String, String> env, Path home) {
        super(env, home);
    }

    @Override
    public Integer call() throws Exception {
        Path target = out.toAbsolutePath();
        if (Files.isDirectory(target) || !Files.isDirectory(target.getParent())
                || !Files.isWritable(target.getParent())) {
            spec.commandLine().getErr().println("sealer: --out: " + target + (Files.isDirectory(target)
                    ? " is a directory" : ": " + target.getParent() + " is not a writable directory"));
            spec.commandLine().getErr().flush();
            return SealerCli.USAGE;
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        String query = piece == null ? "" : "?piece=" + URLEncoder.encode(piece, StandardCharsets.UTF_8);
        try {
            HttpHeaders h = client(READ_TIMEOUT).download("/api/v0/sectors/" + number + "/read" + query, tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out().println("Read " + Files.size(target) + " bytes of piece " + h.firstValue(PieceRoutes.PIECE_HEADER)
                    .orElse("?") + " of sector " + number + " (from the " + h.firstValue(PieceRoutes.SOURCE_HEADER)
                    .orElse("?") + " on " + h.firstValue(PieceRoutes.WORKER_HEADER).orElse("?") + ") into " + target);
            return 0;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
