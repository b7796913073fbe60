package io.sealer.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.node.NodeSettings;
import io.sealer.cluster.node.SealerNode;
import io.sealer.cluster.sealing.NativeTaskExecutor;
import io.sealer.cluster.sealing.SectorFiles;
import io.sealer.cluster.sealing.Sealing;
import io.sealer.core.sector.SectorInfo;
import io.sealer.core.sector.SectorState;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorSize;
import io.sealer.core.task.TaskType;
import io.sealer.proofs.JnaSealingFfi;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `sealer run`: a local miner and worker in one cluster node that seal real sectors with the
 * native proofs, from AddPiece to Finalize, then print each sector's commitments and exit
 * (non-zero if any sector failed).
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Start a local miner + worker node and seal sectors end to end with the native proofs.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--sectors", defaultValue = "2", description = "Sectors to pledge (default: ${DEFAULT-VALUE}).")
    int sectors;

    @Option(names = "--deals", defaultValue = "0",
            description = "How many of them hold deals (priority 1024) (default: ${DEFAULT-VALUE}).")
    int deals;

    @Option(names = "--size", defaultValue = "2KiB",
            description = "Sector size: 2KiB, 8MiB, 512MiB, 32GiB or 64GiB (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--proof-version", defaultValue = "1.1", description = "1.0 or 1.1 (default: ${DEFAULT-VALUE}).")
    String proofVersion;

    @Option(names = "--repo", description = "Node repository (default: sealer.repo, ~/.sealer).")
    Path repo;

    @Option(names = "--wait-seed", description = "WaitSeed delay of the dev chain, e.g. 2s (default: sealer.chain.wait-seed).")
    String waitSeed;

    @Option(names = "--timeout", defaultValue = "2h", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    String timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (sectors < 1 || sectors > 10_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sectors must be between 1 and 10000, got " + sectors);
        }
        if (deals < 0 || deals > sectors) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--deals must be between 0 and --sectors, got " + deals);
        }
        SealProof proof = SealProof.of(SectorSize.parse(size), SealProof.Version.parse(proofVersion));
        if (proof.version() != SealProof.Version.V1 && proof.version() != SealProof.Version.V1_1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--proof-version must be 1.0 or 1.1");
        }
        Duration limit = parseDuration("--timeout", timeout);
        Config config = ConfigFactory.load();
        NodeSettings settings = NodeSettings.fromConfig(config);
        if (repo != null) {
            settings = settings.withRepo(repo);
        }
        if (waitSeed != null) {
            settings = settings.withWaitSeed(parseDuration("--wait-seed", waitSeed));
        }
        Path storage = settings.storage();
        try {
            Files.createDirectories(storage);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot create the repository's storage at " + storage + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        if (!Files.isWritable(storage)) {
            throw new IllegalArgumentException("the repository's storage at " + storage + " is not writable");
        }
        SectorFiles files = new SectorFiles(storage);
        NativeTaskExecutor executor = new NativeTaskExecutor(JnaSealingFfi.get(), files, settings.pc2Threads());
        EnumSet<TaskType> types = EnumSet.of(TaskType.AP, TaskType.PC1, TaskType.PC2, TaskType.C1, TaskType.C2,
                TaskType.FIN, TaskType.GET, TaskType.UNS);
        long t0 = System.nanoTime();
        try (SealerNode node = SealerNode.start(config, settings, new SealerNode.Roles(true, true), proof, types, executor,
                true)) {
            node.refs().sealing().tell(new Sealing.Pledge(sectors, deals));
            CompletionStage<Sealing.Sectors> all = AskPattern.ask(node.refs().sealing(), Sealing.AwaitAll::new, limit,
                    node.system().scheduler());
            Sealing.Sectors result = all.toCompletableFuture().get(limit.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            int failed = 0;
            for (SectorInfo s : result.sectors()) {
                if (s.state() == SectorState.PROVING) {
                    out.printf("%s  %-8s  d: %s  r: %s  %.1fs%n", s.id(), s.state(), s.commDCid(), s.commRCid(),
                            s.elapsed().toMillis() / 1000.0);
                } else {
                    failed++;
                    out.printf("%s  %-8s  %s%n", s.id(), s.state(), s.lastError());
                }
            }
            out.printf("%d sector(s) sealed, %d failed, %s %s, in %.1fs; files in %s%n", result.sectors().size() - failed,
                    failed, proof.sectorSize().label(), proof.version().label(), (System.nanoTime() - t0) / 1e9, storage);
            out.flush();
            return failed == 0 ? 0 : 1;
        }
    }

    static Duration parseDuration(String flag, String text) {
        try {
            return ConfigFactory.parseString("d = \"" + text.replace("\"", "") + "\"").getDuration("d");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(flag + ": not a duration: '" + text + "' (e.g. 30s, 5m, 2h)");
        }
    }
}
