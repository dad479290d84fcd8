package doppel.cli;

import doppel.results.PairEvidence;
import doppel.results.ResultsFile;
import doppel.results.ResultsIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds Doppel's full results for a path the user gives: the results file itself, or the --out map beside it. */
final class ResultsArgs {
    private ResultsArgs() {
    }

    /** Reads dups.doppel.json, also when given dups.json (imagededup's map written by --out). */
    static ResultsFile read(Path given) {
        return ResultsIO.read(resolve(given));
    }

    /** The evidence of the verified pairs in the results {@link #read} reads ({@code find --thorough}; else none). */
    static List<PairEvidence> evidence(Path given) {
        return ResultsIO.readEvidence(resolve(given));
    }

    /** The Doppel results file for {@code given}: itself, or the file written beside it by {@code find --out}. */
    private static Path resolve(Path given) {
        if (!Files.isRegularFile(given)) {
            throw new UsageException("no such results file: " + given);
        }
        if (ResultsIO.isDoppelResults(given)) {
            return given;
        }
        Path sidecar = ResultFiles.sidecarOf(given);
        if (Files.isRegularFile(sidecar)) {
            return sidecar;
        }
        throw new UsageException(given + " is not a Doppel results file, and " + sidecar.getFileName()
                + " (written beside it by 'find --out') is missing");
    }
}
