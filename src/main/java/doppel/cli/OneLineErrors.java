package doppel.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns exceptions into one-line messages: usage errors print the message and the subcommand's usage,
 * failures print "doppel: error: ..." (the stack trace only with DOPPEL_DEBUG=1).
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println("doppel: " + ex.getMessage());
        ex.getCommandLine().usage(err);
        return Main.EXIT_ERROR;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof UsageException) {
            err.println("doppel " + cmd.getCommandName() + ": " + ex.getMessage());
            err.println("Try 'doppel " + cmd.getCommandName() + " --help' for the options.");
        } else {
            err.println("doppel: error: " + describe(ex));
        }
        if ("1".equals(System.getenv("DOPPEL_DEBUG"))) {
            ex.printStackTrace(err);
        }
        err.flush();
        return Main.EXIT_ERROR;
    }

    /** The most useful one-line description of an exception (its message, else its cause's). */
    static String describe(Throwable ex) {
        Throwable t = ex;
        while (t.getMessage() == null && t.getCause() != null) {
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
