package doppel.cli;

import doppel.act.ActionPlan;
import doppel.act.ActionPlanner;
import doppel.act.ActionReport;
import doppel.act.ActionRunner;
import doppel.act.PlanFile;
import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.dataset.SidecarFinder;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.encodings.Encodings;
import doppel.progress.Progress;
import doppel.results.ActionInfo;
import doppel.results.ResultsIO;
import doppel.search.DuplicateFinder;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import doppel.search.KeepPolicy;
import doppel.search.PairSearch;
import doppel.search.PairSearches;
import doppel.search.SearchOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code doppel find}: encode (or load encodings), search, report, and optionally move or delete the
 * duplicates. Without --move-to or --delete it only audits and changes nothing.
 */
@Command(header = "Find duplicate images within and across datasets; audit, move or delete them.",
        name = "find", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Finds duplicate images within and across datasets. Audits by default (lists the duplicates, changes",
            "nothing); --move-to or --delete act on the files to remove, journaled and undoable.",
            "",
            "Thresholds: hashes compare by Hamming distance (a pair is a duplicate when distance <= --threshold,",
            "default 10 of 64 bits, as imagededup); md5/sha256 by equality; cnn/clip by cosine similarity",
            "(duplicate when similarity >= --threshold, default 0.9, as imagededup)."
        },
        footerHeading = "%nExit codes:%n",
        footer = {"  0 success, 1 usage or fatal error, 2 finished but some inputs were skipped"})
final class FindCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    EncoderOptions encoderOptions;

    @Mixin
    EncodingsOptions encodingsOptions;

    @Mixin
    ApproximateOptions approximateOptions;

    @Mixin
    ThoroughOptions thoroughOptions;

    @Option(names = "--encodings-only", description = "Stop after encoding and saving --encodings-out.")
    boolean encodingsOnly;

    @Option(names = "--threshold", paramLabel = "T",
            description = "Max Hamming distance (hashes, default 10) or min cosine similarity (cnn/clip, default 0.9).")
    Double threshold;

    @Option(names = "--cross-only", description = "Report only pairs whose images are in different datasets "
            + "(train/test leakage).")
    boolean crossOnly;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write duplicates as imagededup's JSON map {\"img\": [\"dup\", ...]}, plus the full results "
                    + "(groups, files to remove, skipped files) beside it as FILE-stem.doppel.json.")
    Path out;

    @Option(names = "--scores", description = "With --out: write [[\"dup\", score], ...] instead of names only.")
    boolean scores;

    @Option(names = "--keep", paramLabel = "POLICY", defaultValue = "first-dir",
            description = "Which image of a group stays: first-dir (earliest dataset in the order given, default), "
                    + "largest (resolution), biggest (file size), oldest (mtime).")
    String keep;

    @Option(names = "--plan-out", paramLabel = "FILE",
            description = "Write the files to remove as a plan (JSON lines) for 'doppel apply FILE --move-to DIR'.")
    Path planOut;

    @Mixin
    ActionOptions actionOptions;

    @Mixin
    ReportOptionsMixin reportOptions;

    @Option(names = "--show", paramLabel = "N", defaultValue = "20",
            description = "Print at most N groups (default ${DEFAULT-VALUE}; 0 prints none).")
    int show;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        KeepPolicy keepPolicy = parseKeep();
        actionOptions.validate();
        approximateOptions.validate();
        Console console = new Console(quiet);
        Progress progress = CliProgress.create(quiet);

        Encodings saved = encodingsOptions.loadIn(encoderOptions);
        Thresholds.precheck(threshold, saved != null && !input.any()
                ? saved.spec().metric() == EncoderSpec.Metric.COSINE
                : encoderOptions.choiceOrSaved(saved).isEmbedding());
        thoroughOptions.validate(saved != null && !input.any() ? saved.spec().name() : encoderOptions.choiceOrSaved(saved).name());
        EncodingsStep.Outcome step = EncodingsStep.run(input.any() ? input::scan : null, saved, encoderOptions,
                encodingsOptions, progress);
        Encodings encodings = step.encodings();
        if (encodingsOnly) {
            if (encodingsOptions.out == null) {
                throw new UsageException("--encodings-only needs --encodings-out FILE");
            }
            console.printSkipped(encodings.skipped());
            console.println(String.format("doppel find: encoded %d images (%d reused), %d skipped -> %s",
                    step.encoded(), step.reused(), encodings.skipped().size(), encodingsOptions.out));
            return encodings.skipped().isEmpty() ? Main.EXIT_OK : Main.EXIT_SKIPPED;
        }

        EncoderSpec spec = encodings.spec();
        double t = Thresholds.resolve(threshold, spec);
        SearchOptions options = new SearchOptions(t, crossOnly);
        long searchStart = System.nanoTime();
        PairSearch search = approximateOptions.search(spec, encoderOptions);
        DuplicateResult found = DuplicateFinder.find(encodings.datasets(), spec, encodings.images(),
                encodings.skipped(), options, keepPolicy, search, progress);
        DuplicateResult result = thoroughOptions.apply(found, encoderOptions.maxPixels, progress);
        progress.close();
        long searchNanos = System.nanoTime() - searchStart;

        if (planOut != null) {
            writePlan(result);
        }
        ActionInfo actionInfo = null;
        ActionReport report = null;
        Path journal = null;
        List<String> leftInPlace = new ArrayList<>();
        List<ImageFile> toRemove = actionOptions.acting() ? removable(result, leftInPlace) : List.of();
        // Nothing to move: no journal, no target folder, nothing to undo.
        if (actionOptions.acting() && (!toRemove.isEmpty() || !leftInPlace.isEmpty())) {
            SidecarFinder sidecars = SidecarFinder.of(input.scanOptions());
            ActionOptions.Prepared prepared = actionOptions.prepare(toRemove, sidecars, result.groups().stream()
                    .map(g -> result.images().get(g.kept()).file().path()).collect(java.util.stream.Collectors.toSet()));
            ActionPlan plan = prepared.plan();
            PrintStream planOut = console.out();
            report = ActionRunner.run(plan, prepared.journal(), actionOptions.dryRun, planOut, progress,
                    "doppel " + String.join(" ", commandSpec.commandLine().getParseResult().originalArgs()));
            progress.close();
            if (!leftInPlace.isEmpty()) {
                leftInPlace.addAll(report.problems());
                report = new ActionReport(report.files(), report.bytes(), leftInPlace, report.sidecars(), report.notes());
            }
            journal = prepared.journal();
            if (!actionOptions.dryRun) {
                actionInfo = new ActionInfo(prepared.mode(), prepared.target(), prepared.journal());
            }
        }
        if (out != null) {
            ResultFiles.write(result, out, scores, actionInfo, thoroughOptions.evidence());
        }

        String reportLine = reportOptions.writeIfAsked(
                doppel.results.ResultsFile.from(result, actionInfo, java.time.Instant.now()), "Doppel duplicates");

        console.printGroups(result, show);
        console.printSkipped(result.skipped());
        printSummary(console, result, search, step, searchNanos, start, report, journal);
        if (reportLine != null) {
            console.println("  " + reportLine);
        }
        return result.skipped().isEmpty() ? Main.EXIT_OK : Main.EXIT_SKIPPED;
    }

    private KeepPolicy parseKeep() {
        try {
            return KeepPolicy.parse(keep);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private void printSummary(Console console, DuplicateResult result, PairSearch search, EncodingsStep.Outcome step,
                              long searchNanos, long start, ActionReport report, Path journal) {
        List<String> names = new ArrayList<>();
        for (Dataset d : result.datasets()) {
            names.add(d.name());
        }
        int duplicates = result.groups().stream().mapToInt(g -> g.members().size() - 1).sum();
        console.println(String.format("doppel find: %d images in %d dataset%s (%s); %s, threshold %s%s%s",
                result.images().size(), names.size(), names.size() == 1 ? "" : "s", String.join(", ", names),
                result.spec().describe(), Thresholds.format(result.options().threshold(), result.spec()),
                result.options().crossOnly() ? ", cross-dataset pairs only" : "", ApproximateOptions.note(search)));
        console.println(String.format("  %d pairs, %d groups, %d duplicates to remove (keep %s); %d skipped",
                result.pairs().size(), result.groups().size(), duplicates,
                // With --cross-only the reference side (first dataset) is always kept, whatever --keep says.
                result.options().crossOnly() ? "the first dataset's image" : result.keep().cliName(),
                result.skipped().size()));
        if (thoroughOptions.summary() != null) {
            console.println("  " + thoroughOptions.summary());
        }
        if (report != null) {
            console.println("  " + actionOptions.describe(report, journal));
        } else if (duplicates > 0) {
            console.println("  audit only, nothing changed (use --move-to DIR or --delete, with --dry-run to preview)");
        }
        if (out != null) {
            console.println("  results: " + out + " and " + ResultFiles.sidecarOf(out));
        }
        if (planOut != null) {
            console.println("  plan: " + planOut + " (carry it out with: doppel apply " + planOut + " --move-to DIR)");
        }
        double total = (System.nanoTime() - start) / 1e9;
        console.println(String.format("  time %.1f s (%s; %d reused; search %.2f s)%s", total,
                EncodingsStep.describeTime(step), step.reused(), searchNanos / 1e9,
                step.runtimeNote().isEmpty() ? "" : "; " + step.runtimeNote()));
    }

    /**
     * The files to remove that may really go: a file whose kept image is gone or changed since it was
     * scanned, or that is its kept image under another name, stays ({@link ActionPlanner#reasonToLeave}), with
     * a line in {@code leftInPlace}.
     */
    private static List<ImageFile> removable(DuplicateResult result, List<String> leftInPlace) {
        List<ImageFile> out = new ArrayList<>();
        for (DuplicateGroup group : result.groups()) {
            ImageFile kept = result.images().get(group.kept()).file();
            for (int m : group.removed()) {
                ImageFile file = result.images().get(m).file();
                String why = ActionPlanner.reasonToLeave(file, kept);
                if (why == null) {
                    out.add(file);
                } else {
                    leftInPlace.add(why);
                }
            }
        }
        return out;
    }

    /** Writes the files to remove, each with its group's kept image, as a plan for {@code doppel apply}. */
    private void writePlan(DuplicateResult result) {
        List<PlanFile.Entry> entries = new ArrayList<>();
        for (int g = 0; g < result.groups().size(); g++) {
            DuplicateGroup group = result.groups().get(g);
            ImageFile kept = result.images().get(group.kept()).file();
            for (int m : group.removed()) {
                entries.add(new PlanFile.Entry(result.images().get(m).file(), g, kept));
            }
        }
        PlanFile.write(planOut, new PlanFile.Header(result.keep().cliName(), result.spec().describe(),
                result.options().threshold(), result.options().crossOnly()), result.datasets(), entries);
    }

    /** Group listing helper kept here for the find command's own output. */
    static String describeMember(DuplicateResult result, DuplicateGroup group, int member) {
        EncodedImage image = result.images().get(member);
        int i = group.members().indexOf(member);
        double score = group.scores().get(i);
        String scoreText = Double.isNaN(score) ? "linked via others" : Thresholds.scoreLabel(score, result.spec());
        return image.file().key() + " (" + scoreText + ")";
    }
}
