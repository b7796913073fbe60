package io.sealer.cli.bench;

import io.sealer.cli.SealerCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One `sealer bench ...` invocation in-process, with its exit code, output lines and error text. */
record BenchRun(int code, List<String> lines, String err) {
    static BenchRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SealerCli.configure(new CommandLine(new BenchCommand()));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new BenchRun(code, List.of(out.toString().split("\n")), err.toString());
    }

    /** The first line of the error output (a usage error is one line, maybe followed by usage help). */
    String firstErrorLine() {
        return err.lines().findFirst().orElse("");
    }
}
