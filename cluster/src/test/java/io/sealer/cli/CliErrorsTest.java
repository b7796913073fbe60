package io.sealer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whatever a failure's message holds, the user sees one line without class names, actor paths or ask wording. */
class CliErrorsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cannot read /x: java.nio.file.AccessDeniedException: /x|cannot read /x: /x",
        "java.lang.IllegalStateException: boom|boom",
        "first line\\nsecond line|first line",
        "Ask timed out on [Actor[pekko://sealer/user/sealing#-12]] after [5000 ms]|the node did not answer in time",
        "no answer from Actor[pekko://sealer/user/worker#7]|no answer from an actor",
        "not a writable directory: /tmp/a.b/C|not a writable directory: /tmp/a.b/C",
    })
    void runtimeMessagesAreCleanedToOneLine(String message, String shown) {
        assertEquals(shown, CliErrors.runtime(new IllegalStateException(message.replace("\\n", "\n"))));
    }

    @org.junit.jupiter.api.Test
    void aFailureWithoutMessageSaysWhereToLook() {
        assertEquals("internal error; run again with SEALER_LOG_LEVEL=debug for the details",
                CliErrors.runtime(new NullPointerException()));
    }
}
