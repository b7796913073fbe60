package io.sealer.cli.sealing;

import io.sealer.cli.sectors.SectorCommandBase;
import io.sealer.cluster.api.ApiClient.ApiCallException;
import io.sealer.cluster.operator.JobsView;
import io.sealer.cluster.operator.SealingApi;
import io.sealer.cluster.repo.RepoException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `sealer sealing jobs [--show-ret-done]`: every job on the workers, running first (docs/operator-surface.md). */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List the jobs on the workers.")
public final class SealingJobsCommand extends SectorCommandBase {

    @Option(names = "--show-ret-done", description = "Also list results already taken up.")
    boolean showRetDone;

    public SealingJobsCommand() {
        this(System.getenv(), userHome());
    }

    SealingJobsCommand(Map<String, String> env, Path home) {
        super(env, home);
    }

    @Override
    public Integer call() throws ApiCallException, RepoException {
        SealingApi.Jobs j = client().get("/api/v0/sealing/jobs", SealingApi.Jobs.class);
        out().print(JobsView.render(j.jobs(), j.hostnames(), j.now(), showRetDone));
        out().flush();
        return 0;
    }
}
