package io.sealer.cli.worker;

import io.sealer.core.resources.Bytes;
import io.sealer.core.resources.NodeProbe;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.WorkerResources;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `sealer worker info`: what this machine would report as a worker (spec §3.1, §6.3): CPUs,
 * GPUs as nvidia-smi lists them after NVIDIA_VISIBLE_DEVICES / CUDA_VISIBLE_DEVICES, RAM and
 * swap in use, and whether the resource overrides in the environment parse.
 */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show the resources this machine reports as a worker.")
public final class WorkerInfoCommand implements Callable<Integer> {

    @Option(names = "--no-swap", description = "Report no swap, as a worker started with no-swap would.")
    boolean noSwap;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WorkerResources r = NodeProbe.system().probe(noSwap);
        ResourceTable.fromEnv(System.getenv(), w -> err.println("warning: " + w));
        out.printf("CPUs: %d; GPUs: %s%n", r.cpus(), r.gpus());
        out.printf("RAM: %s/%s; Swap: %s/%s%n", Bytes.format(r.memUsed()), Bytes.format(r.memPhysical()),
                Bytes.format(r.memSwapUsed()), Bytes.format(r.memSwap()));
        out.flush();
        return 0;
    }
}
