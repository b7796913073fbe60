package io.sealer.cli.worker;

import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.node.WorkerRoutes;
import io.sealer.cluster.repo.RepoException;
import io.sealer.core.task.TaskType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `sealer worker tasks enable|disable <AP|DC|PC1|PC2|C2|UNS|RU|PR2|GSK>...|--all`: switches task
 * types of the running worker, as `lotus-worker tasks` does; the Scheduler's next pass sees the
 * change. A name that is not a switchable type is a usage error listing the valid ones.
 */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "Enable or disable task types of the running worker.",
        subcommands = {WorkerTasksCommand.Enable.class, WorkerTasksCommand.Disable.class})
public final class WorkerTasksCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What enable and disable share: the names or --all, the worker, the call. */
    abstract static class Switch implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "TYPE", description = "Task types by short name: AP DC PC1 PC2 C2 UNS RU PR2 GSK.")
        List<String> names = List.of();

        @Option(names = "--all", description = "Every task type that can be switched.")
        boolean all;

        @CommandLine.Mixin
        WorkerApiOptions worker;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        private final Map<String, String> env;

        Switch(Map<String, String> env) {
            this.env = env;
        }

        abstract WorkerRoutes.TaskTypesChange change(List<String> types);

        @Override
        public Integer call() throws RepoException, ApiClient.ApiCallException {
            if (all == !names.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "name the task types to "
                        + spec.name() + ", or give --all");
            }
            List<String> types;
            try {
                types = (all ? WorkerRoutes.switchableTypes() : List.copyOf(WorkerRoutes.switchable(names))).stream()
                        .map(TaskType::shortName).toList();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            WorkerRoutes.TaskTypes now = worker.client(env).post("/api/v0/worker/tasks", change(types),
                    WorkerRoutes.TaskTypes.class);
            spec.commandLine().getOut().println("the worker now takes: " + String.join(" ", now.taskTypes()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Let the running worker take these task types.")
    static final class Enable extends Switch {
        Enable() {
            this(System.getenv());
        }

        Enable(Map<String, String> env) {
            super(env);
        }

        @Override
        WorkerRoutes.TaskTypesChange change(List<String> types) {
            return new WorkerRoutes.TaskTypesChange(types, List.of());
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Stop giving the running worker these task types.")
    static final class Disable extends Switch {
        Disable() {
            this(System.getenv());
        }

        Disable(Map<String, String> env) {
            super(env);
        }

        @Override
        WorkerRoutes.TaskTypesChange change(List<String> types) {
            return new WorkerRoutes.TaskTypesChange(List.of(), types);
        }
    }
}
