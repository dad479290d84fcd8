package doppel.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Turns exceptions into one-line messages: usage errors print the message (with a "did you mean" for a
 * misspelled option) and where to find the options, never the whole usage; failures print
 * "doppel: error: ..." (the stack trace only with DOPPEL_DEBUG=1). Public for the other command lines built on
 * Doppel (doppel-spark), so that every one of them reports errors the same way.
 */
public final class OneLineErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(prefix(cmd) + parseMessage(ex));
        err.println(seeHelp(cmd));
        err.flush();
        return Main.EXIT_ERROR;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof UsageException) {
            err.println(prefix(cmd) + ex.getMessage());
            err.println(seeHelp(cmd));
        } else {
            err.println(cmd.getCommandSpec().root().name() + ": error: " + describe(ex));
        }
        if ("1".equals(System.getenv("DOPPEL_DEBUG"))) {
            ex.printStackTrace(err);
        }
        err.flush();
        return Main.EXIT_ERROR;
    }

    /** The second line of every usage error: where the options are explained. */
    private static String seeHelp(CommandLine cmd) {
        return "see '" + cmd.getCommandSpec().qualifiedName() + " --help'";
    }

    /** "doppel find: " for a subcommand, "doppel: " for the top level. */
    private static String prefix(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName() + ": ";
    }

    /** picocli's message, reworded for unknown options, with the closest known option suggested. */
    static String parseMessage(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> args = unmatched.getUnmatched();
            java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("'(-[^']*)'").matcher(ex.getMessage());
            if (args.isEmpty() && quoted.find()) {
                // An unknown option met where a multi-value option wanted values: picocli names it only in its
                // message; a fresh exception over it computes the suggestions.
                unmatched = new CommandLine.UnmatchedArgumentException(ex.getCommandLine(), List.of(quoted.group(1)));
                args = unmatched.getUnmatched();
            }
            String first = args.isEmpty() ? "" : args.get(0);
            List<String> suggestions = unmatched.isUnknownOption()
                    ? closestOptions(ex.getCommandLine().getCommandSpec(), first) : unmatched.getSuggestions();
            String hint = suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ",
                    suggestions.subList(0, Math.min(2, suggestions.size()))) + "?)";
            if (unmatched.isUnknownOption()) {
                return "unknown option '" + first + "'" + hint;
            }
            return "unexpected argument '" + first + "'" + (args.size() > 1 ? " (and " + (args.size() - 1) + " more)" : "") + hint;
        }
        // "Invalid value for option '--encoder' (NAME): unknown encoder ..." reads as "--encoder: unknown encoder ..."
        if (ex instanceof CommandLine.MutuallyExclusiveArgsException) {
            // picocli: "Error: --move-to=DIR, --delete are mutually exclusive (specify only one)"
            return ex.getMessage().replaceAll("\\s+", " ").strip().replaceFirst("^Error: ", "")
                    .replaceAll("=<?([A-Z]+)>?", " $1").replace(" (specify only one)", ": give only one of them");
        }
        return ex.getMessage().replaceAll("\\s+", " ").strip()
                .replaceFirst("^Invalid value for option '([^']+)'( \\([^)]*\\))?: ", "$1: ");
    }

    /**
     * The command's option names closest to a misspelled one (typos like "--treshold"), nearest first; picocli's
     * own suggestions match only the first two letters.
     */
    static List<String> closestOptions(CommandLine.Model.CommandSpec spec, String typed) {
        List<String> names = spec.options().stream().filter(o -> !o.hidden())
                .flatMap(o -> java.util.Arrays.stream(o.names())).toList();
        return Choices.closest(typed, names);
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** The most useful one-line description of an exception (its message, else its cause's). */
    static String describe(Throwable ex) {
        Throwable t = ex;
        // a worker's failure arrives wrapped; its own message is the one to show
        while ((t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof java.nio.file.NoSuchFileException) {
            msg = "no such file: " + msg;
        } else if (t instanceof java.nio.file.AccessDeniedException) {
            msg = "permission denied: " + msg;
        } else if (t instanceof OutOfMemoryError) {
            msg = "out of memory (" + msg + "); raise the heap with DOPPEL_JAVA_OPTS=-Xmx16g";
        }
        return msg.replaceAll("\\s+", " ").strip();
    }
}
