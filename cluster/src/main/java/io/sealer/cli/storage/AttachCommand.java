package io.sealer.cli.storage;

import io.sealer.cli.NodeCommand;
import io.sealer.cluster.repo.NodeKind;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** `storage attach` of a miner or a worker: the same flags and rules, on the node of its kind's repository. */
public abstract class AttachCommand implements Callable<Integer> {
    @CommandLine.Mixin
    AttachOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The kind of node whose repository the path is attached to. */
    protected abstract NodeKind kind();

    /** The --repo option, or null for the kind's default repository. */
    protected abstract Path repo();

    @Override
    public Integer call() throws Exception {
        StorageAttach.attach(kind(), NodeCommand.repoOrDefault(repo(), kind()), options.body(spec.commandLine()),
                spec.commandLine().getOut());
        return 0;
    }
}
