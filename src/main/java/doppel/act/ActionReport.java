package doppel.act;

import java.util.List;

/**
 * What a run, an undo or a purge did.
 *
 * @param files    files moved, copied or linked (or restored, removed again, purged), sidecars included; in a
 *                 dry run, files that would be
 * @param bytes    their total size
 * @param problems one line per file that was left alone and why; the run went on past each of them
 * @param sidecars how many of {@code files} are annotation files that went with their image
 * @param notes    things worth telling that are no problem (e.g. files copied because hard links were impossible)
 */
public record ActionReport(int files, long bytes, List<String> problems, int sidecars, List<String> notes) {
    public ActionReport {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /** A report without sidecar count or notes. */
    public ActionReport(int files, long bytes, List<String> problems) {
        this(files, bytes, problems, 0, List.of());
    }

    /** Files that are images, not sidecars. */
    public int images() {
        return files - sidecars;
    }

    /** True when nothing went wrong. */
    public boolean clean() {
        return problems.isEmpty();
    }
}
