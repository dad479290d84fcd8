package doppel.cli;

import doppel.act.ActionReport;
import doppel.act.Purge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code doppel purge}: frees the space of a --delete run for good (the only step that cannot be undone). */
@Command(header = "Free the space of a --delete run for good (cannot be undone).",
        name = "purge", mixinStandardHelpOptions = true,
        description = {"Permanently removes the files a 'find --delete' run put in the trash. This cannot be undone."})
final class PurgeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JOURNAL", description = "The journal of the --delete run.")
    Path journal;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(journal)) {
            throw new UsageException("no such journal: " + journal);
        }
        ActionReport report = Purge.purge(journal);
        new Console(quiet).println(String.format("doppel purge: removed %d trashed files (%.1f MB)%s", report.files(),
                report.bytes() / 1e6, report.problems().isEmpty() ? "" : "; problems: " + String.join("; ", report.problems())));
        return report.problems().isEmpty() ? Main.EXIT_OK : Main.EXIT_SKIPPED;
    }
}
