package doppel.cli;

import doppel.act.RemovalProof;
import doppel.dataset.SkippedFile;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Everything a command prints for people; silent with --quiet (errors go to stderr regardless). */
final class Console {
    private static final int MAX_SKIPPED_LINES = 20;
    private final boolean quiet;
    private final PrintStream out;

    Console(boolean quiet) {
        this.quiet = quiet;
        this.out = quiet ? new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8) : System.out;
    }

    PrintStream out() {
        return out;
    }

    void println(String line) {
        if (!quiet) {
            out.println(line);
        }
    }

    /**
     * Lists the first {@code limit} groups: the kept image, then each file to remove with its score, or with its
     * geometric evidence when that is its proof ({@code proofs}: by key).
     */
    void printGroups(DuplicateResult result, Map<String, RemovalProof> proofs, int limit) {
        if (quiet || limit <= 0 || result.groups().isEmpty()) {
            return;
        }
        int shown = 0;
        for (DuplicateGroup g : result.groups()) {
            if (shown++ == limit) {
                out.println("... and " + (result.groups().size() - limit) + " more groups (see --out, --show N)");
                break;
            }
            out.println("group " + shown + " (" + g.members().size() + " images): keep "
                    + result.images().get(g.kept()).file().key());
            for (int m : g.removed()) {
                out.println("    remove " + FindCommand.describeMember(result, g, m,
                        proofs.get(result.images().get(m).file().key())));
            }
        }
    }

    /** One line per skipped file (the first few), so the user sees what was not looked at and why. */
    void printSkipped(List<SkippedFile> skipped) {
        if (quiet) {
            return;
        }
        for (int i = 0; i < skipped.size() && i < MAX_SKIPPED_LINES; i++) {
            SkippedFile s = skipped.get(i);
            out.println("skipped " + s.key() + ": " + s.reason());
        }
        if (skipped.size() > MAX_SKIPPED_LINES) {
            out.println("... and " + (skipped.size() - MAX_SKIPPED_LINES) + " more skipped files (listed in the --out results)");
        }
    }
}
