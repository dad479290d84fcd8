package doppel.cli;

import doppel.io.NativeLoad;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

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

    /**
     * The subcommands, in the order help lists them. Each is registered only when the command line may need it:
     * picocli builds a command's whole model by reflection when it is added, most of {@code doppel find}'s start-up.
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
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
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        boolean quiet = List.of(args).contains("-q") || List.of(args).contains("--quiet");
        // Set up when a native library is about to load: runs that load none skip it.
        NativeLoad.beforeFirst(() -> NativeStderr.install(quiet));
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (used by tests without exiting the JVM). */
    public static int run(String... args) {
        configureDjlDefaults();
        return newCommandLine(args).execute(args);
    }

    /**
     * A configured picocli command line (one-line errors, documented exit codes) for {@code args}: with the one
     * subcommand they name, none for a bare {@code --version}, else all (help, suggestions for a misspelt name).
     * Without arguments, the whole command tree.
     */
    public static CommandLine newCommandLine(String... args) {
        CommandLine cmd = new CommandLine(new Main());
        for (Class<?> sub : subcommandsFor(args)) {
            cmd.addSubcommand(sub);
        }
        // "--dirs A --treshold 5": a multi-value option stops at anything that looks like an option, so the
        // misspelling is reported as an unknown option instead of being taken for a directory.
        cmd.setUnmatchedOptionsAllowedAsOptionParameters(false);
        // Typed options (enums) take their lower-case names in any case (--device cpu, --compat imagededup) and
        // refuse others in one line with the closest name.
        cmd.registerConverter(EncoderOptions.Device.class, Choices.enumConverter(EncoderOptions.Device.class, "device"));
        cmd.registerConverter(EncoderOptions.Compat.class, Choices.enumConverter(EncoderOptions.Compat.class, "compat mode"));
        // Help texts show the registry's defaults through ${bundle:...}, not copies of them.
        cmd.setResourceBundle(new HelpValues());
        cmd.setExitCodeExceptionMapper(e -> EXIT_ERROR);
        cmd.setExecutionExceptionHandler(new OneLineErrors());
        cmd.setParameterExceptionHandler(new OneLineErrors());
        cmd.getCommandSpec().exitCodeOnInvalidInput(EXIT_ERROR);
        cmd.getCommandSpec().exitCodeOnExecutionException(EXIT_ERROR);
        return cmd;
    }

    private static List<Class<?>> subcommandsFor(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return List.of();
        }
        for (Class<?> sub : SUBCOMMANDS) {
            Command c = sub.getAnnotation(Command.class);
            // "help NAME" needs NAME's model too
            if (args.length > 0 && !sub.equals(CommandLine.HelpCommand.class)
                    && (c.name().equals(args[0]) || List.of(c.aliases()).contains(args[0]))) {
                return List.of(sub);
            }
        }
        return SUBCOMMANDS;
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
