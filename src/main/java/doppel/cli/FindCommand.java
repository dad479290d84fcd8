package doppel.cli;

import doppel.act.ActionReport;
import doppel.act.RemovalProof;
import doppel.dataset.Dataset;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderChoice;
import doppel.encode.factory.Encoders;
import doppel.encode.EncoderSpec;
import doppel.encodings.Encodings;
import doppel.find.EncodeStep;
import doppel.find.FindRequest;
import doppel.find.FindRun;
import doppel.find.Finder;
import doppel.find.PreparedAction;
import doppel.progress.Progress;
import doppel.results.ActionInfo;
import doppel.results.ResultsFile;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import doppel.search.KeepPolicy;
import doppel.verify.FeatureCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code doppel find}: encode (or load encodings), search, report, and optionally move or delete the
 * duplicates. Without --move-to or --delete it only audits and changes nothing.
 */
@Command(header = "Find duplicate images within and across datasets; audit, move or delete them.",
        name = "find", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Finds duplicate images within and across datasets. Audits by default (lists the duplicates, changes "
                + "nothing); --move-to or --delete act on the files to remove, journaled and undoable.",
            "",
            "Thresholds: hashes compare by Hamming distance (a pair is a duplicate when distance <= --threshold; "
                + "defaults calibrated for removal precision, see README); digests by equality; embeddings by cosine "
                + "similarity (duplicate when similarity >= --threshold, as imagededup). A file is removed "
                + "only for a kept image it is itself a duplicate of, never through a chain of pairs."
        },
        footerHeading = "%nExit codes:%n",
        footer = {"  0 success, 1 usage or fatal error, 2 finished but some inputs were skipped or",
            "  some file to remove was left in place (pair not confirmed from the files, or a failed move)"})
final class FindCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "0..*",
            description = "Dataset directories, as with --dirs (given first, then those of --dirs).")
    List<Path> datasets = new ArrayList<>();

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

    @Mixin
    ThresholdOption threshold;

    @Option(names = "--cross-only", description = "Report only pairs whose images are in different datasets "
            + "(train/test leakage).")
    boolean crossOnly;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Write duplicates as imagededup's JSON map {\"img\": [\"dup\", ...]}, plus the full results "
                    + "(groups, files to remove, skipped files) beside it as FILE-stem.doppel.json.")
    Path out;

    @Option(names = "--scores", description = "With --out: write [[\"dup\", score], ...] instead of names only.")
    boolean scores;

    @Option(names = "--keep", paramLabel = "POLICY", defaultValue = "first-dir", converter = KeepPolicyConverter.class,
            completionCandidates = KeepPolicyConverter.class,
            description = "Which of two duplicates stays (a file is removed only for a kept direct duplicate): "
                    + "first-dir (earliest dataset in the order given, default), most-pixels, largest-file, "
                    + "smallest-file, oldest or newest (mtime). Old names: largest = most-pixels, biggest = largest-file.")
    KeepPolicy keep;

    @Option(names = "--plan-out", paramLabel = "FILE",
            description = "Write the files to remove as a plan (JSON lines) for 'doppel apply FILE --move-to DIR'.")
    Path planOut;

    @Option(names = "--remove-list", paramLabel = "FILE",
            description = "Write the absolute path of every file to remove, one per line (like imagededup's "
                    + "find_duplicates_to_remove), before anything is moved or deleted.")
    Path removeList;

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
        if (scores && out == null) {
            throw new UsageException("--scores changes what --out FILE writes; give --out FILE");
        }
        actionOptions.validate();
        approximateOptions.validate();
        if (encodingsOnly && (actionOptions.acting() || out != null || planOut != null || removeList != null
                || reportOptions.html != null || reportOptions.report != null)) {
            throw new UsageException("--encodings-only stops after encoding: it searches, writes and moves nothing "
                    + "(leave out --move-to, --delete, --out, --plan-out, --remove-list and --html)");
        }
        input.dirs.addAll(0, datasets);
        Console console = new Console(quiet);
        Progress progress = CliProgress.create(quiet);

        encoderOptions.allowRecheck();
        Encodings saved = encodingsOptions.loadIn(encoderOptions);
        Thresholds.precheck(threshold.value, saved != null && !input.any()
                ? saved.spec().metric() == EncoderSpec.Metric.COSINE
                : encoderOptions.choiceOrSaved(saved).isEmbedding());
        thoroughOptions.validate(saved != null && !input.any() ? saved.spec().name() : encoderOptions.choiceOrSaved(saved).name());
        FeatureCache featureCache = thoroughOptions.openCache();
        EncodeStep.Outcome step = EncodingsStep.run(input.any() ? input::scan : null, saved, encoderOptions,
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
        Thresholds.resolve(threshold.value, encodings.spec()); // a --threshold that does not fit the encoder is a usage error
        FindRun run = Finder.search(request(keep, saved, progress, featureCache), step);

        // Every output is written before the first file is touched; one that cannot be written stops the run.
        PreparedAction action = run.prepareAction();
        ActionInfo actionInfo = action == null ? null : action.info();
        if (planOut != null) {
            run.writePlan(planOut);
        }
        int listed = removeList == null ? 0 : RemoveList.write(run.toRemove(), removeList);
        // Built only for a file that holds it: a search that writes neither results nor a report builds none.
        ResultsFile results = out != null || reportOptions.asked() ? run.results(actionInfo) : null;
        if (out != null) {
            ResultFiles.write(run.result(), results, out, scores, run.evidence());
        }
        String reportLine = reportOptions.writeIfAsked(results, run.evidence(), "Doppel duplicates");

        ActionReport report = null;
        if (action != null) {
            try {
                report = action.run(console.out(),
                        "doppel " + String.join(" ", commandSpec.commandLine().getParseResult().originalArgs()));
            } catch (RuntimeException e) {
                if (java.nio.file.Files.exists(action.journal())) {
                    System.err.println("doppel find: run stopped; undo what it did with: doppel undo "
                            + ShellWords.quote(action.journal().toString()));
                }
                throw e;
            }
        }
        progress.close();

        DuplicateResult result = run.result();
        console.printGroups(result, run.proofs(), show);
        console.printSkipped(result.skipped());
        printSummary(console, run, start, report, action);
        if (removeList != null) {
            console.println("  remove list: " + removeList + " (" + listed + (listed == 1 ? " path)" : " paths)"));
        }
        if (reportLine != null) {
            console.println("  " + reportLine);
        }
        for (String why : run.refused()) {
            System.err.println("doppel find: " + why);
        }
        if (report != null) {
            ActionOptions.reportProblems("find", report, action.journal());
        }
        boolean failed = !run.refused().isEmpty() || report != null && !report.problems().isEmpty();
        return failed || !result.skipped().isEmpty() ? Main.EXIT_SKIPPED : Main.EXIT_OK;
    }

    /** The use-case request these options describe. */
    private FindRequest request(KeepPolicy keepPolicy, Encodings saved, Progress progress, FeatureCache featureCache) {
        FindRequest.Builder b = FindRequest.builder()
                .scanOptions(input.scanOptions())
                .encodings(saved)
                .encoder(choiceFor(saved))
                .threshold(threshold.value)
                .crossOnly(crossOnly)
                .keep(keepPolicy)
                .approximate(approximateOptions.approximate, approximateOptions.hnswK)
                .thorough(thoroughOptions.thorough)
                .nearThreshold(encoderOptions.nearThreshold())
                .featureCache(featureCache)
                .dryRun(actionOptions.dryRun)
                .confirm(planOut != null)
                .progress(progress);
        if (input.any()) {
            b.datasets(input.dirs).root(input.root).fileLists(input.fileLists);
        }
        if (actionOptions.delete()) {
            b.delete();
        } else if (actionOptions.moveTo() != null) {
            b.moveTo(actionOptions.moveTo());
        }
        return b.build();
    }

    /**
     * The encoder that reproduces the fingerprints, or null when saved encodings alone are searched and name no
     * encoder Doppel has (an imagededup map): then nothing found through them can be confirmed or acted on.
     */
    private EncoderChoice choiceFor(Encodings saved) {
        if (input.any() || saved == null || encoderOptions.encoderGiven() || Encoders.NAMES.contains(saved.spec().name())) {
            return encoderOptions.choiceOrSaved(saved);
        }
        return null;
    }

    private void printSummary(Console console, FindRun run, long start, ActionReport report, PreparedAction action) {
        DuplicateResult result = run.result();
        EncodeStep.Outcome step = run.encoding();
        List<String> names = new ArrayList<>();
        for (Dataset d : result.datasets()) {
            names.add(d.name());
        }
        int duplicates = run.removals().size();
        console.println(String.format("doppel find: %d images in %d dataset%s (%s); %s, threshold %s%s%s",
                result.images().size(), names.size(), names.size() == 1 ? "" : "s", String.join(", ", names),
                result.spec().describe(), Thresholds.format(result.options().threshold(), result.spec()),
                result.options().crossOnly() ? ", cross-dataset pairs only" : "", ApproximateOptions.note(run.search())));
        console.println(String.format("  %d pairs, %d groups, %d duplicates to remove (keep %s); %d skipped",
                result.pairs().size(), result.groups().size(), duplicates,
                // With --cross-only the reference side (first dataset) is always kept, whatever --keep says.
                result.options().crossOnly() ? "the first dataset's image" : result.keep().cliName(),
                result.skipped().size()));
        if (!run.refused().isEmpty()) {
            console.println("  " + run.refused().size() + " not confirmed from the files, left in place (listed on stderr)");
        }
        if (run.recheckSummary() != null) {
            console.println("  " + run.recheckSummary());
        }
        if (run.thoroughSummary() != null) {
            console.println("  " + run.thoroughSummary());
        }
        if (run.verifiedSummary() != null) {
            console.println("  " + run.verifiedSummary());
        }
        for (String line : run.keptBoth()) {
            console.println("  " + line);
        }
        if (!run.notNamed().isEmpty()) {
            console.println("  " + run.notNamed().size() + " in datasets known only from --encodings-in, not acted on "
                    + "(name their folders to act on them)");
        }
        if (report != null) {
            console.println("  " + actionOptions.describe(report, action.journal()));
        } else if (actionOptions.acting()) {
            console.println("  nothing to move or delete");
        } else if (duplicates > 0) {
            console.println("  audit only, nothing changed (use --move-to DIR or --delete, with --dry-run to preview)");
        }
        if (out != null) {
            console.println("  results: " + out + " and " + ResultFiles.sidecarOf(out));
        }
        if (encodingsOptions.out != null) {
            console.println("  encodings: " + encodingsOptions.out);
        }
        if (planOut != null) {
            console.println("  plan: " + planOut + " (carry it out with: doppel apply " + ShellWords.quote(planOut.toString()) + " --move-to DIR)");
        }
        double total = (System.nanoTime() - start) / 1e9;
        console.println(String.format("  time %.1f s (%s; %d reused; search %.2f s)%s", total,
                step.describeTime(), step.reused(), run.searchSeconds(),
                step.runtimeNote().isEmpty() ? "" : "; " + step.runtimeNote()));
    }

    /**
     * Group listing helper kept here for the find command's own output: a member with its score, or, when its
     * removal is proven geometrically ({@code --thorough}, beyond the threshold), the transform found.
     */
    static String describeMember(DuplicateResult result, DuplicateGroup group, int member, RemovalProof proof) {
        EncodedImage image = result.images().get(member);
        if (proof != null && proof.kind() == RemovalProof.Kind.VERIFIED) {
            RemovalProof.Geometry g = proof.geometry();
            return image.file().key() + String.format(Locale.ROOT,
                    " (verified geometrically: %d inliers, scale %.2f, angle %.1f%s)", g.inliers(), g.scale(), g.angle(),
                    g.flip() ? ", mirrored" : "");
        }
        int i = group.members().indexOf(member);
        double score = group.scores().get(i);
        String scoreText = Double.isNaN(score) ? "linked via others" : Thresholds.scoreLabel(score, result.spec());
        return image.file().key() + " (" + scoreText + ")";
    }
}
