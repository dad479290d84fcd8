package doppel.cli;

import doppel.act.ActionReport;
import doppel.act.ActionRunner;
import doppel.act.FingerprintPairs;
import doppel.act.PlanFile;
import doppel.dataset.ScanOptions;
import doppel.dataset.SidecarFinder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code doppel apply PLAN --move-to DIR | --delete}: carries out a removal plan written elsewhere (the Spark
 * job, {@code doppel find --plan-out}) the same way {@code find} does: journaled and undoable.
 */
@Command(name = "apply", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Moves or deletes (undoably) the files listed in a plan file (doppel find --plan-out, or the Spark job). "
                + "Each file and its kept image must still have the plan's SHA-256 digests and, fingerprinted again "
                + "with the plan's encoder, still be within its threshold; lines that fail, or whose file is missing, "
                + "outside its dataset root or whose kept image is gone, are reported and left alone. "
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

    @Override
    public Integer call() throws Exception {
        actionOptions.validate();
        if (!actionOptions.acting()) {
            throw new UsageException("say what to do with the listed files: --move-to DIR or --delete "
                    + "(add --dry-run to preview)");
        }
        // A plan refused whole is an error of the input, told in one line (not a usage error).
        PlanFile.Contents contents = PlanFile.read(plan);
        if (!contents.entries().isEmpty()) {
            // Digests of both files and the pair fingerprinted again from the files, before anything moves.
            PlanFile.Header header = contents.header();
            try (FingerprintPairs pairs = FingerprintPairs.open(header.encoder(), header.threshold(),
                    Runtime.getRuntime().availableProcessors())) {
                contents = contents.confirmed(pairs);
            }
        }
        Console console = new Console(quiet);
        for (int i = 0; i < contents.problems().size() && i < MAX_PROBLEM_LINES; i++) {
            console.println("refused " + contents.problems().get(i));
        }
        if (contents.problems().size() > MAX_PROBLEM_LINES) {
            console.println("... and " + (contents.problems().size() - MAX_PROBLEM_LINES) + " more refused lines");
        }
        PlanFile.Header h = contents.header();
        console.println(String.format("doppel apply: %s: %d files to remove, %d lines refused%s", plan,
                contents.entries().size(), contents.problems().size(),
                " (" + h.encoder().describe() + (h.keep() == null ? "" : ", keep " + h.keep()) + ")"));
        if (contents.entries().isEmpty()) {
            console.println("  nothing to do");
            return contents.problems().isEmpty() ? Main.EXIT_OK : Main.EXIT_SKIPPED;
        }
        SidecarFinder sidecars = noAnnotations ? SidecarFinder.NONE : SidecarFinder.of(ScanOptions.DEFAULT);
        ActionOptions.Prepared prepared = actionOptions.prepare(contents.files(), sidecars,
                contents.entries().stream().filter(e -> e.kept() != null).map(e -> e.kept().path())
                        .collect(java.util.stream.Collectors.toSet()));
        var progress = CliProgress.create(quiet);
        ActionReport report = ActionRunner.run(prepared.plan(), prepared.journal(), actionOptions.dryRun, console.out(),
                progress);
        progress.close();
        console.println("  " + actionOptions.describe(report, prepared.journal()));
        return report.clean() && contents.problems().isEmpty() ? Main.EXIT_OK : Main.EXIT_SKIPPED;
    }
}
