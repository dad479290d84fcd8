package doppel.act;

import java.util.List;

/**
 * What a run, an undo or a purge did.
 *
 * @param files    files moved (or restored, or purged), sidecars included; in a dry run, files that would be
 * @param bytes    their total size
 * @param problems one line per file that was left alone and why; the run went on past each of them
 */
public record ActionReport(int files, long bytes, List<String> problems) {
    public ActionReport {
        problems = List.copyOf(problems);
    }

    /** True when nothing went wrong. */
    public boolean clean() {
        return problems.isEmpty();
    }
}
