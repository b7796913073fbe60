package io.sealer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** `sealer sim`: one JSON object on stdout; bad input is one line naming the field, exit 2. */
class SimCommandTest {
    private static final String WORKER = "{\"name\": \"fred\", \"cpus\": 32, \"memPhysical\": \"128GiB\","
            + " \"memSwap\": \"200GiB\", \"tasks\": [\"PC1\"]}";

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run sim(String json, String... flags) throws IOException {
        Path f = dir.resolve("sim.json");
        Files.writeString(f, json);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SealerCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] args = new String[flags.length + 2];
        args[0] = "sim";
        args[1] = f.toString();
        System.arraycopy(flags, 0, args, 2, flags.length);
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void printsOneJsonObjectWithTheTrace() throws IOException {
        Run r = sim("{\"workers\": [" + WORKER + "], \"tasks\": [{\"id\": \"t1\", \"type\": \"PC1\", \"duration\": 100},"
                + " {\"id\": \"t2\", \"type\": \"C2\", \"duration\": 5}]}", "--trace");
        assertEquals(0, r.code(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals(3, o.get("events").size());
        assertEquals("prepare", o.get("events").get(0).get("event").asText());
        assertEquals("t2", o.get("unschedulable").get(0).asText());
        assertEquals(100, o.get("summary").get("makespan").asInt());
        assertTrue(o.get("summary").has("queueWait"));
    }

    @Test
    void withoutTraceTheEventsAreLeftOut() throws IOException {
        Run r = sim("{\"workers\": [" + WORKER + "], \"tasks\": [{\"id\": \"t1\", \"type\": \"PC1\", \"duration\": 1}]}");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, new ObjectMapper().readTree(r.out()).get("events").size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"workers\": [{\"name\": \"a\", \"cpus\": 2, \"memPhysical\": \"12XB\", \"tasks\": [\"PC1\"]}]}"
                + "|workers[0].memPhysical: bad size '12XB'",
        "{\"workers\": [{\"name\": \"a\", \"cpus\": 2, \"ram\": 1, \"memPhysical\": 1, \"tasks\": []}]}"
                + "|workers[0].ram: unknown field",
        "{\"workers\": [{\"name\": \"a\", \"cpus\": 2, \"memPhysical\": 1, \"tasks\": [\"PC1\"]}],"
                + " \"tasks\": [{\"id\": \"x\", \"type\": \"PC5\", \"duration\": 1}]}|tasks[0].type: unknown task type 'PC5'",
        "{\"workers\": [{\"name\": \"a\", \"cpus\": 2, \"memPhysical\": 1, \"tasks\": [\"PC1\"]}],"
                + " \"tasks\": [{\"id\": \"x\", \"type\": \"PC1\", \"duration\": -1}]}|tasks[0].duration: must not be negative",
        "{\"workers\": [|not valid JSON",
        "{\"workers\": []} {\"workers\": []}|unexpected text after the JSON document at line 1 column 16",
        "{\"workers\": []}\\n}|unexpected text after the JSON document at line 1 column 16",
        "{\"workers\": []}\\n\\nnonsense|unexpected text after the JSON document at line 1 column 16",
    })
    void badInputIsOneLineNamingTheField(String json, String message) throws IOException {
        Run r = sim(json.replace("\\n", "\n"));
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("sealer: " + dir.resolve("sim.json") + ": "), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void aMissingFileIsOneLine() {
        StringWriter err = new StringWriter();
        CommandLine cl = SealerCli.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertEquals(2, cl.execute("sim", dir.resolve("nope.json").toString()));
        assertEquals("sealer: " + dir.resolve("nope.json") + ": no such file", err.toString().strip());
    }
}
