package io.sealer.cli.sealing;

import io.sealer.cli.sectors.SectorCommandBase;
import io.sealer.cluster.api.ApiClient.ApiCallException;
import io.sealer.cluster.operator.SchedDiag;
import io.sealer.cluster.repo.RepoException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `sealer sealing sched-diag [--force-sched]`: the scheduler's state as JSON (docs/operator-surface.md). */
@Command(name = "sched-diag", mixinStandardHelpOptions = true, description = "Dump the scheduler's state as JSON.")
public final class SealingSchedDiagCommand extends SectorCommandBase {

    @Option(names = "--force-sched", description = "Run a scheduling pass first.")
    boolean forceSched;

    public SealingSchedDiagCommand() {
        this(System.getenv(), userHome());
    }

    SealingSchedDiagCommand(Map<String, String> env, Path home) {
        super(env, home);
    }

    @Override
    public Integer call() throws ApiCallException, RepoException {
        out().println(client().get("/api/v0/sealing/sched-diag" + (forceSched ? "?force=true" : ""), SchedDiag.class)
                .toPrettyJson());
        return 0;
    }
}
