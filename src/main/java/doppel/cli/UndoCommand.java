package doppel.cli;

import doppel.act.ActionReport;
import doppel.act.Undo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code doppel undo}: puts back everything a journaled run moved or deleted, also after a crash. */
@Command(header = "Put back everything a run moved or deleted, using its journal.",
        name = "undo", mixinStandardHelpOptions = true,
        description = {
            "Puts every file a find/apply run moved or deleted back where it was, using its journal. "
                + "Works on the journal of a run that was killed half-way; running it twice is harmless. "
                + "Nothing is overwritten: an occupied original spot gets the file beside it as name~N."
        })
final class UndoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JOURNAL", description = "The journal file printed by the run (doppel-journal-*.jsonl).")
    Path journal;

    @Option(names = "--dry-run", description = "Print what would be restored and change nothing.")
    boolean dryRun;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(journal)) {
            throw new UsageException("no such journal: " + journal);
        }
        Console console = new Console(quiet);
        ActionReport report = Undo.undo(journal, dryRun, console.out());
        console.println(String.format("doppel undo: %s %d files (%.1f MB)%s", dryRun ? "would undo" : "undid the moves or copies of",
                report.files(), report.bytes() / 1e6,
                report.problems().isEmpty() ? "" : "; problems: " + String.join("; ", report.problems())));
        return report.problems().isEmpty() ? Main.EXIT_OK : Main.EXIT_SKIPPED;
    }
}
