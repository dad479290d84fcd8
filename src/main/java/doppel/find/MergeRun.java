package doppel.find;

import doppel.act.ActionReport;
import doppel.act.ActionRunner;
import doppel.act.MergePlanner;
import doppel.search.DuplicateResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** A planned merge of a {@link MergeDatasets} run, not yet carried out; its journal path is known. */
public final class MergeRun {
    private final DuplicateResult result;
    private final MergePlanner.Merge merge;
    private final MergeRequest request;

    MergeRun(DuplicateResult result, MergePlanner.Merge merge, MergeRequest request) {
        this.result = result;
        this.merge = merge;
        this.request = request;
    }

    /** The search's result over the merged datasets (images, groups, skipped files). */
    public DuplicateResult result() {
        return result;
    }

    /** The images left out, each with the image taken in its place. */
    public List<MergePlanner.LeftOut> leftOut() {
        return merge.duplicates();
    }

    /** The merged tree. */
    public Path targetDir() {
        return merge.plan().targetDir();
    }

    /** The journal the run will write (nothing is written in a dry run). */
    public Path journal() {
        return merge.plan().defaultJournal();
    }

    /** Copies (or links) the images taken, journaled ({@link ActionRunner}); a dry run prints the plan instead. */
    public ActionReport run(PrintStream planOut) {
        return ActionRunner.run(merge.plan(), journal(), request.dryRun(), planOut, request.find().progress());
    }
}
