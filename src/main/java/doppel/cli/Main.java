package doppel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code doppel} command. Sets DJL's offline switch before any DJL class loads (DJL
 * otherwise probes a cloud metadata address at start-up), then dispatches to one subcommand class each.
 */
@Command(name = "doppel",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = {
            "Finds exact, near- and cross-dataset duplicate images and cleans them out safely.",
            "",
            "Typical use:",
            "  doppel find --dirs train test --out dups.json      audit, changes nothing",
            "  doppel find --dirs train test --move-to dups/      then: doppel undo JOURNAL",
            "  doppel leak --query test --reference train --dihedral",
            "  doppel find --dirs A B --encoder cnn --model models/doppel-filterbank-v1.pt"
        },
        subcommands = {
            FindCommand.class,
            QueryCommand.class,
            MergeDatasetsCommand.class,
            ApplyCommand.class,
            EncodeCommand.class,
            MergeEncodingsCommand.class,
            UndoCommand.class,
            PurgeCommand.class,
            LeakCommand.class,
            ReportCommand.class,
            PlotCommand.class,
            StatsCommand.class,
            DupStatsCommand.class,
            ScoreCommand.class,
            ScoreStatsCommand.class,
            SplitCommand.class,
            EvaluateCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success",
            "  1  usage or fatal error (a one-line message says which)",
            "  2  finished, but some inputs were skipped (listed in the summary and in the JSON output)"
        })
public final class Main implements Runnable {
    /** Finished, nothing skipped. */
    public static final int EXIT_OK = 0;
    /** Bad usage or a fatal error. */
    public static final int EXIT_ERROR = 1;
    /** Finished, but some inputs were skipped. */
    public static final int EXIT_SKIPPED = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        NativeStderr.install(java.util.List.of(args).contains("-q") || java.util.List.of(args).contains("--quiet"));
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (used by tests without exiting the JVM). */
    public static int run(String... args) {
        configureDjlDefaults();
        return newCommandLine().execute(args);
    }

    /** A configured picocli command line (one-line errors, documented exit codes). */
    public static CommandLine newCommandLine() {
        CommandLine cmd = new CommandLine(new Main());
        // "--dirs A --treshold 5": a multi-value option stops at anything that looks like an option, so the
        // misspelling is reported as an unknown option instead of being taken for a directory.
        cmd.setUnmatchedOptionsAllowedAsOptionParameters(false);
        // Typed options (enums) accept their values in any case: --device cpu, --compat imagededup.
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExitCodeExceptionMapper(e -> EXIT_ERROR);
        cmd.setExecutionExceptionHandler(new OneLineErrors());
        cmd.setParameterExceptionHandler(new OneLineErrors());
        cmd.getCommandSpec().exitCodeOnInvalidInput(EXIT_ERROR);
        cmd.getCommandSpec().exitCodeOnExecutionException(EXIT_ERROR);
        return cmd;
    }

    /**
     * DJL reads these when its classes load, so they are set here before anything touches DJL. A user who
     * wants DJL's model zoo runs with {@code -Dai.djl.offline=false} (or DJL_OFFLINE=false).
     */
    static void configureDjlDefaults() {
        if (System.getProperty("ai.djl.offline") == null) {
            String env = System.getenv("DJL_OFFLINE");
            System.setProperty("ai.djl.offline", env == null ? "true" : env);
        }
        // PyTorch's OpenMP threads busy-wait; leave one core to the decoding threads (only reads a property: no DJL
        // class is initialised here).
        doppel.encode.cnn.CnnEncoders.configureEngineThreadsForCores(Runtime.getRuntime().availableProcessors());
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // Harmless on machines with a CUDA toolkit but no GPU, and when a model is a plain file: not the user's concern.
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.repository.SimpleRepository", "error");
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.pytorch.jni.LibUtils", "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
