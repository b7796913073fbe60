package io.sealer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** `sealer run` refuses bad flags with one clear line before starting anything. */
class RunCommandTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--sectors=0|2|--sectors must be between 1 and 10000, got 0",
        "--deals=3|2|--deals must be between 0 and --sectors, got 3",
        "--size=1GiB|1|sealer: unsupported sector size '1GiB'",
        "--proof-version=9|1|sealer: unsupported proof version '9'",
        "--wait-seed=soon|1|sealer: --wait-seed: not a duration: 'soon'",
        "--timeout=-|1|sealer: --timeout: not a duration: '-'",
        "--repo=/proc/none|1|sealer: cannot create the repository's storage at /proc/none/storage",
    })
    void badFlags(String flag, int code, String message) {
        StringWriter err = new StringWriter();
        CommandLine cl = SealerCli.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertEquals(code, cl.execute("run", flag));
        assertTrue(err.toString().startsWith(message), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
    }
}
