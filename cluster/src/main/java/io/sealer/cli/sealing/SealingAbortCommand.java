package io.sealer.cli.sealing;

import io.sealer.cli.sectors.SectorCommandBase;
import io.sealer.cluster.api.ApiClient.ApiCallException;
import io.sealer.cluster.operator.SealingApi;
import io.sealer.cluster.repo.RepoException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `sealer sealing abort <callid-prefix>` stops a job: its computation is cancelled, its
 * resources freed and its sector retries by its rules; an ambiguous prefix is refused with the
 * matches listed. `sealer sealing abort --sched <uuid>` removes a queued request instead.
 */
@Command(name = "abort", mixinStandardHelpOptions = true, description = "Abort a job, or remove a queued request.")
public final class SealingAbortCommand extends SectorCommandBase {

    @Parameters(index = "0", arity = "0..1", paramLabel = "CALLID",
            description = "The start of the job's ID, as `sealing jobs` shows it.")
    String callId;

    @Option(names = "--sched", paramLabel = "UUID", description = "Remove this queued request (see `sealing sched-diag`).")
    UUID sched;

    public SealingAbortCommand() {
        this(System.getenv(), userHome());
    }

    SealingAbortCommand(Map<String, String> env, Path home) {
        super(env, home);
    }

    @Override
    public Integer call() throws ApiCallException, RepoException {
        if ((callId == null) == (sched == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give a job's call id (or its start) or --sched <uuid>, not " + (sched == null ? "neither" : "both"));
        }
        SealingApi.Aborted a = client().post("/api/v0/sealing/abort", new SealingApi.AbortRequest(callId, sched),
                SealingApi.Aborted.class);
        out().println(a.line());
        if (!a.aborted()) {
            throw new IllegalStateException("not aborted: " + a.detail());
        }
        out().println(a.detail());
        return 0;
    }
}
