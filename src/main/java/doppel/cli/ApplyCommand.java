package doppel.cli;

import doppel.act.ActionReport;
import doppel.act.PlanFile;
import doppel.find.Apply;
import doppel.find.ApplyRequest;
import doppel.find.ApplyRun;
import doppel.find.PreparedAction;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code doppel apply PLAN --move-to DIR | --delete}: carries out a removal plan written elsewhere (the Spark
 * job, {@code doppel find --plan-out}) the same way {@code find} does: journaled and undoable.
 */
@Command(name = "apply", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Moves or deletes (undoably) the files listed in a plan file (doppel find --plan-out, or the Spark job). "
                + "Each file and its kept image must still have the plan's SHA-256 digests and the pair must still be "
                + "proven as its line says: fingerprinted again with the plan's encoder within its threshold, or "
                + "(\"proof\":\"verified\", find --thorough) verified geometrically again; lines that fail, or "
                + "whose file is missing, outside its dataset root or whose kept image is gone, are reported and left alone. "
                + "Undo with 'doppel undo JOURNAL'."
        },
        footerHeading = "%nExit codes:%n",
        footer = {"  0 success, 1 usage or fatal error, 2 finished but some lines were refused or files left alone"})
final class ApplyCommand implements Callable<Integer> {
    private static final int MAX_PROBLEM_LINES = 20;

    @Parameters(paramLabel = "PLAN", description = "The plan file (JSON lines, format doppel-plan).")
    Path plan;

    @Mixin
    ActionOptions actionOptions;

    @Option(names = "--no-annot", description = "Move the listed images only, not their annotation files.")
    boolean noAnnotations;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Spec
    CommandSpec commandSpec;

    @Override
    public Integer call() throws Exception {
        actionOptions.validate();
        if (!actionOptions.acting()) {
            throw new UsageException("say what to do with the listed files: --move-to DIR or --delete "
                    + "(add --dry-run to preview)");
        }
        var progress = CliProgress.create(quiet);
        ApplyRequest.Builder request = ApplyRequest.builder().plan(plan).dryRun(actionOptions.dryRun)
                .annotations(!noAnnotations).progress(progress);
        if (actionOptions.delete()) {
            request.delete();
        } else {
            request.moveTo(actionOptions.moveTo());
        }
        // A plan refused whole is an error of the input, told in one line (not a usage error).
        ApplyRun run = Apply.check(request.build());
        Console console = new Console(quiet);
        for (int i = 0; i < run.refused().size() && i < MAX_PROBLEM_LINES; i++) {
            console.println("refused " + run.refused().get(i));
        }
        if (run.refused().size() > MAX_PROBLEM_LINES) {
            console.println("... and " + (run.refused().size() - MAX_PROBLEM_LINES) + " more refused lines");
        }
        PlanFile.Header h = run.header();
        console.println(String.format("doppel apply: %s: %d files to remove, %d lines refused%s", plan,
                run.entries().size(), run.refused().size(),
                " (" + h.encoder().describe() + (h.keep() == null ? "" : ", keep " + h.keep()) + ")"));
        if (run.entries().isEmpty()) {
            progress.close();
            console.println("  nothing to do");
            return run.refused().isEmpty() ? Main.EXIT_OK : Main.EXIT_SKIPPED;
        }
        PreparedAction action = run.prepareAction();
        ActionReport report = action.run(console.out(),
                "doppel " + String.join(" ", commandSpec.commandLine().getParseResult().originalArgs()));
        progress.close();
        console.println("  " + actionOptions.describe(report, action.journal()));
        ActionOptions.reportProblems("apply", report, action.journal());
        return report.clean() && run.refused().isEmpty() ? Main.EXIT_OK : Main.EXIT_SKIPPED;
    }
}
