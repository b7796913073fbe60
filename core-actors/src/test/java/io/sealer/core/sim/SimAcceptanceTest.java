package io.sealer.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The acceptance sim files (src/test/resources/sim): Lotus's TestSched cases with durations
 * (docs/testing.md, "Scheduler acceptance cases"),
 * and one file per scheduling rule. Each must give exactly the trace in its .trace file.
 */
class SimAcceptanceTest {

    static String resource(String name) throws IOException {
        try (InputStream in = SimAcceptanceTest.class.getResourceAsStream("/sim/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource sim/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "constrained-resources", "one-pc1", "pc1-2workers-1", "pc1-2workers-2", "pc1-block-pc2", "pc2-block-pc1",
        "pc1-batching",
        "rule-negative-tier-first", "rule-deal-priority", "rule-sector-tie-break", "rule-gpu-whole",
        "rule-gpu-sharing-env", "rule-max-concurrent-env", "rule-ignore-resources", "rule-assigner-utilization",
        "rule-assigner-spread", "unschedulable", "pipeline-every-step"})
    void givesItsTrace(String name) throws IOException {
        SimResult r = new SimEngine(SimSpec.parse(resource(name + ".json")), true).run();
        List<String> actual = new ArrayList<>(r.traceLines());
        r.unschedulable().forEach(id -> actual.add("unschedulable " + id));
        List<String> expected = resource(name + ".trace").lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(String.join("\n", expected), String.join("\n", actual));
        assertTrue(r.stuck().isEmpty(), "stuck: " + r.stuck());
    }
}
