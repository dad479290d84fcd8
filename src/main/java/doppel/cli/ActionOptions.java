package doppel.cli;

import doppel.act.ActionReport;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * What to do with the files to remove: nothing (audit), move them, or delete them (undoably). The two actions are
 * one exclusive group, so picocli refuses both at once (in one line, see {@link OneLineErrors}) and the help lists
 * them together.
 */
final class ActionOptions {
    /** The action: at most one of its options. */
    static final class Action {
        @Option(names = "--move-to", arity = "0..1", paramLabel = "DIR", fallbackValue = "duplicates",
                description = "Move the files to remove into DIR (default ./duplicates), as DIR/<dataset>/<path>, with "
                        + "their annotation files; a journal in DIR lets 'doppel undo JOURNAL' put everything back.")
        Path moveTo;

        @Option(names = "--delete",
                description = "Delete the files to remove. Undoable: they go to ./duplicates/.trash/<run> first "
                        + "(journaled); 'doppel purge JOURNAL' frees the space for good.")
        boolean delete;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1", order = 1,
            heading = "%nAction (one of them; without either nothing changes):%n")
    Action action;

    @Option(names = "--dry-run", description = "With --move-to or --delete: print the plan and change nothing.")
    boolean dryRun;

    /** The folder to move into, or null. */
    Path moveTo() {
        return action == null ? null : action.moveTo;
    }

    /** True for --delete. */
    boolean delete() {
        return action != null && action.delete;
    }

    void validate() {
        Path moveTo = moveTo();
        if (dryRun && !acting()) {
            throw new UsageException("--dry-run previews --move-to DIR or --delete; without them nothing changes anyway");
        }
        if (moveTo != null && java.nio.file.Files.exists(moveTo) && !java.nio.file.Files.isDirectory(moveTo)) {
            throw new UsageException("--move-to " + moveTo + " is a file, not a folder");
        }
    }

    boolean acting() {
        return moveTo() != null || delete();
    }

    /** Each failed or skipped action, one line on stderr: a quiet run still says what went wrong. */
    static void reportProblems(String command, ActionReport report, Path journal) {
        for (String problem : report.problems()) {
            System.err.println("doppel " + command + ": " + problem);
        }
        if (!report.problems().isEmpty() && journal != null && java.nio.file.Files.exists(journal)) {
            System.err.println("doppel " + command + ": undo what it did with: doppel undo "
                    + ShellWords.quote(journal.toString()));
        }
    }

    /** The summary line of a run's action. */
    String describe(ActionReport report, Path journal) {
        boolean delete = delete();
        String verb = delete ? "deleted (into the trash)" : "moved";
        String line;
        if (dryRun) {
            line = "dry run: would have " + (delete ? "deleted" : "moved") + " " + report.files()
                    + " files; nothing changed";
        } else {
            line = String.format("%s %d files (%.1f MB)", verb, report.files(), report.bytes() / 1e6)
                    + "; undo with: doppel undo " + ShellWords.quote(journal.toString());
        }
        if (!report.problems().isEmpty()) {
            line += "; " + report.problems().size() + " problems: " + String.join("; ", report.problems());
        }
        return line;
    }
}
