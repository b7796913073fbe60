package io.sealer.cli;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The one error style of every command: a single line, no stack trace, no Java class names,
 * actor paths or Pekko ask wording. Usage mistakes name the option and what it accepts.
 */
final class CliErrors {
    /** "java.nio.file.AccessDeniedException: " and the like, wherever a cause's toString leaked into a message. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:? ?");
    private static final Pattern PICOCLI_SENTENCE = Pattern.compile("(Missing|Unknown|Expected|Invalid|Option|Unmatched) ");
    private static final Pattern ACTOR_PATH = Pattern.compile("\\[?(?:Actor\\[)?pekko(?:\\.tcp)?://[^\\s\\]]*\\]*");

    private CliErrors() {}

    /** The line for a bad command line: the option and the mistake, e.g. "--size: unsupported sector size '1GiB' (...)". */
    static String usage(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            List<String> suggestions = u.getSuggestions();
            String what = arg.startsWith("-") ? "unknown option '" : "unknown command or argument '";
            return what + arg + "'" + (suggestions.isEmpty()
                    ? "; see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'"
                    : "; did you mean " + String.join(" or ", suggestions) + "?");
        }
        ArgSpec arg = ex.getArgSpec();
        if (ex.getCause() instanceof CommandLine.TypeConversionException conversion && arg != null) {
            return name(arg) + ": " + conversion.getMessage();
        }
        return oneLine(picocliWording(ex.getMessage()));
    }

    /** The line for a failure while a command ran. */
    static String runtime(Throwable ex) {
        String message = ex.getMessage();
        if (message == null || message.isBlank()) {
            return "internal error; run again with SEALER_LOG_LEVEL=debug for the details";
        }
        if (message.contains("Ask timed out")) {
            return "the node did not answer in time";
        }
        return oneLine(message);
    }

    /** The first line of {@code text}, without class names or actor paths. */
    static String oneLine(String text) {
        String first = text.strip().lines().findFirst().orElse("");
        return ACTOR_PATH.matcher(CLASS_NAME.matcher(first).replaceAll("")).replaceAll("an actor").strip();
    }

    private static String name(ArgSpec arg) {
        if (arg instanceof OptionSpec o) {
            return o.longestName();
        }
        return arg instanceof PositionalParamSpec p ? p.paramLabel() : "argument";
    }

    /** Picocli's own sentences ("Missing required option: ...", "Error: ... mutually exclusive") start lower case here. */
    private static String picocliWording(String s) {
        if (s == null || s.isBlank()) {
            return "bad command line";
        }
        String t = s.startsWith("Error: ") ? s.substring("Error: ".length()) : s;
        return PICOCLI_SENTENCE.matcher(t).lookingAt() ? t.substring(0, 1).toLowerCase(Locale.ROOT) + t.substring(1) : t;
    }
}
