package doppel.find;

import doppel.act.ActionPlan;
import doppel.act.ActionReport;
import doppel.act.ActionRunner;
import doppel.progress.Progress;
import doppel.results.ActionInfo;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A planned move or delete of a {@link FindRun}'s files to remove, not yet carried out; its journal path is
 * known, so the outputs that name it can be written before the first file is touched.
 */
public final class PreparedAction {
    private final ActionPlan plan;
    private final Path journal;
    private final Path target;
    private final ActionInfo.Mode mode;
    private final boolean dryRun;
    private final Progress progress;

    PreparedAction(ActionPlan plan, Path journal, Path target, ActionInfo.Mode mode, boolean dryRun, Progress progress) {
        this.plan = plan;
        this.journal = journal;
        this.target = target;
        this.mode = mode;
        this.dryRun = dryRun;
        this.progress = progress;
    }

    /** The journal the run will write (nothing is written in a dry run). */
    public Path journal() {
        return journal;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public ActionInfo.Mode mode() {
        return mode;
    }

    /** What the results file records: the action and its journal, or null for a dry run. */
    public ActionInfo info() {
        return dryRun ? null : new ActionInfo(mode, target, journal);
    }

    /**
     * Carries the plan out, journaled ({@link ActionRunner}); a dry run prints it to {@code planOut} instead.
     *
     * @param command the command line to record in the journal
     */
    public ActionReport run(PrintStream planOut, String command) {
        return ActionRunner.run(plan, journal, dryRun, planOut, progress, command);
    }
}
