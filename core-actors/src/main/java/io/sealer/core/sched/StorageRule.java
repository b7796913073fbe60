package io.sealer.core.sched;

import io.sealer.core.task.SectorId;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The storage side of whether a worker may take a task (its selector, {@link SelectorSpec}):
 * refused, accepted, or preferred (it holds the task's files). Pure policy, asked from the
 * scheduling pass and from explanations; the resources and task types are checked elsewhere.
 */
public interface StorageRule {
    enum Verdict { REFUSED, ACCEPTED, PREFERRED }

    Verdict judge(WorkerId worker, TaskRequest t);

    /** Whether {@code t} waits for a preferred worker that has no open window now, rather than go elsewhere. */
    boolean strict(TaskRequest t);

    /** Why {@code worker} is refused for {@code t}, in a phrase for `explain`; empty when it is not refused. */
    Optional<String> refusal(WorkerId worker, TaskRequest t);

    /**
     * The rule without a storage index: every selector that names a sector prefers, strictly,
     * the workers {@code holds} says hold its files; everything else is accepted everywhere.
     */
    static StorageRule affinity(BiPredicate<WorkerId, SectorId> holds) {
        return new StorageRule() {
            @Override
            public Verdict judge(WorkerId worker, TaskRequest t) {
                return t.selector().perSector() && holds.test(worker, t.sector().id()) ? Verdict.PREFERRED
                        : Verdict.ACCEPTED;
            }

            @Override
            public boolean strict(TaskRequest t) {
                return t.selector().perSector();
            }

            @Override
            public Optional<String> refusal(WorkerId worker, TaskRequest t) {
                return Optional.empty();
            }
        };
    }
}
