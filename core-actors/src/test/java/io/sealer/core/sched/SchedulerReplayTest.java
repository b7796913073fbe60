package io.sealer.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays the random scenarios of {@link ReplayScenario} through the scheduling pass and
 * compares every decision with the recording in sched-replay.txt, made before the scheduler
 * was split into its parts: a digest of each scenario's transcript, and the full transcript
 * of the first few so that a difference shows where it starts.
 *
 * <p>To record again (only when a decision is meant to change), run its {@link #main} from the
 * repository root (docs/testing.md):
 * {@code mvn -B -o -q -pl core-actors test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.sealer.core.sched.SchedulerReplayTest
 * -Dexec.args=$PWD/core-actors/src/test/resources/sched-replay.txt}
 */
public class SchedulerReplayTest {
    private static final int SCENARIOS = 400;
    private static final int FULL = 5;

    @Test
    void everyRecordedDecisionIsMadeAgain() throws IOException {
        Recording rec = Recording.load();
        assertEquals(SCENARIOS, rec.digests.size(), "scenarios in the recording");
        List<Long> differ = new ArrayList<>();
        for (Map.Entry<Long, String> e : rec.digests.entrySet()) {
            String transcript = ReplayScenario.run(e.getKey());
            String full = rec.full.get(e.getKey());
            if (full != null) {
                assertEquals(full, transcript, "scenario " + e.getKey());
            }
            if (!ReplayScenario.digest(transcript).equals(e.getValue())) {
                differ.add(e.getKey());
            }
        }
        assertTrue(differ.isEmpty(), "scenarios that decide differently from the recording: " + differ
                + (differ.isEmpty() ? "" : "\nfirst of them now:\n" + ReplayScenario.run(differ.get(0))));
    }

    @Test
    void theScenariosAssignTasksAndExerciseEveryAssigner() {
        int assigned = 0;
        java.util.Set<String> assigners = new java.util.HashSet<>();
        for (long seed = 0; seed < 60; seed++) {
            String t = ReplayScenario.run(seed);
            assigners.add(t.substring(0, t.indexOf('\n')).split(" ")[1]);
            assigned += t.split("=").length - 1;
        }
        assertEquals(AssignerKind.values().length, assigners.size(), assigners.toString());
        assertTrue(assigned > 200, "windows filled in 60 scenarios: " + assigned);
    }

    /**
     * Records the scenarios' decisions again into the file named by the only argument (the
     * command is in the class comment). Not a test, so that the default run skips nothing.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SchedulerReplayTest <recording file to write>");
            System.exit(2);
        }
        StringBuilder out = new StringBuilder();
        out.append("# Scheduling decisions recorded from the scheduler before its split; see SchedulerReplayTest.\n");
        out.append("# digest <seed> <first 12 bytes of SHA-256 of the transcript>, then full transcripts.\n");
        for (long seed = 0; seed < SCENARIOS; seed++) {
            out.append("digest ").append(seed).append(' ').append(ReplayScenario.digest(ReplayScenario.run(seed)))
                    .append('\n');
        }
        for (long seed = 0; seed < FULL; seed++) {
            out.append("full ").append(seed).append('\n').append(ReplayScenario.run(seed)).append("end\n");
        }
        Files.writeString(Path.of(args[0]), out.toString());
    }

    private record Recording(Map<Long, String> digests, Map<Long, String> full) {
        static Recording load() throws IOException {
            Map<Long, String> digests = new LinkedHashMap<>();
            Map<Long, String> full = new LinkedHashMap<>();
            try (InputStream in = SchedulerReplayTest.class.getResourceAsStream("/sched-replay.txt")) {
                String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
                for (int i = 0; i < lines.length; i++) {
                    String[] f = lines[i].split(" ");
                    if (f[0].equals("digest")) {
                        digests.put(Long.parseLong(f[1]), f[2]);
                    } else if (f[0].equals("full")) {
                        StringBuilder t = new StringBuilder();
                        while (!lines[++i].equals("end")) {
                            t.append(lines[i]).append('\n');
                        }
                        full.put(Long.parseLong(f[1]), t.toString());
                    }
                }
            }
            return new Recording(digests, full);
        }
    }
}
