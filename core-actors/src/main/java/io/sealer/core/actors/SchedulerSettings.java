package io.sealer.core.actors;

import com.typesafe.config.Config;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.sched.AssignerKind;
import java.time.Duration;

/**
 * The `sealer.scheduler` settings, read once.
 *
 * @param initWait how long a new Scheduler collects workers before its first pass
 * @param assigner which assigner picks among fitting windows
 * @param parallelism the multithread rule (92/100 by default)
 */
public record SchedulerSettings(Duration initWait, AssignerKind assigner, Parallelism parallelism) {

    public static SchedulerSettings fromConfig(Config root) {
        Config c = root.getConfig("sealer.scheduler");
        try {
            return new SchedulerSettings(
                    c.getDuration("init-wait"),
                    AssignerKind.parse(c.getString("assigner")),
                    new Parallelism(c.getInt("parallel-num"), c.getInt("parallel-denom")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sealer.scheduler: " + e.getMessage(), e);
        }
    }
}
