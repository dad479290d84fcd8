package doppel.cli;

import doppel.results.ResultsFile;
import doppel.results.ResultsIO;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds Doppel's full results for a path the user gives: the results file itself, or the --out map beside it. */
final class ResultsArgs {
    private ResultsArgs() {
    }

    /** Reads dups.doppel.json, also when given dups.json (imagededup's map written by --out). */
    static ResultsFile read(Path given) {
        if (!Files.isRegularFile(given)) {
            throw new UsageException("no such results file: " + given);
        }
        if (ResultsIO.isDoppelResults(given)) {
            return ResultsIO.read(given);
        }
        Path sidecar = ResultFiles.sidecarOf(given);
        if (Files.isRegularFile(sidecar)) {
            return ResultsIO.read(sidecar);
        }
        throw new UsageException(given + " is not a Doppel results file, and " + sidecar.getFileName()
                + " (written beside it by 'find --out') is missing");
    }
}
