package io.sealer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * One `sealer ...` invocation in-process through the real command line and its error handling,
 * with the environment given (sub-commands that read the environment get it through {@code factory}).
 */
public record CliRun(int code, String out, String err) {

    public static CliRun of(String... args) {
        return of(Map.of(), CommandLine.defaultFactory(), args);
    }

    public static CliRun of(Map<String, String> env, CommandLine.IFactory factory, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SealerCli.commandLine(factory);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = SealerCli.execute(cl, env, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    public List<String> lines() {
        return out.isEmpty() ? List.of() : out.lines().toList();
    }

    /** The one-line error style: exit code, exactly one line on stderr, nothing a user should not see. */
    public CliRun assertOneLineError(int expectedCode, String expectedLine) {
        assertEquals(expectedCode, code, err);
        assertEquals(expectedLine, err.strip(), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertFalse(err.contains("Exception") || err.contains("pekko://") || err.contains("\tat "), err);
        return this;
    }
}
