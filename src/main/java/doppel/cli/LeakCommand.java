package doppel.cli;

import doppel.dataset.ScanOptions;
import doppel.encode.EncoderSpec;
import doppel.encodings.Encodings;
import doppel.find.Leak;
import doppel.find.LeakRequest;
import doppel.find.LeakRun;
import doppel.progress.Progress;
import doppel.results.ResultsFile;
import doppel.results.ResultsIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code doppel leak}: which images of a query set (test) have a duplicate in a reference set (train).
 * The same search as {@code find --cross-only}, named for the question it answers.
 */
@Command(header = "Train/test leakage: query images that have a duplicate in the reference set.",
        name = "leak", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Train/test leakage check: lists every query image that has a duplicate in the reference set, "
                + "then a one-line verdict 'N of M query images leak'. Add --dihedral to also catch rotated or flipped copies."
        },
        footerHeading = "%nExit codes:%n",
        footer = {"  0 success, 1 usage or fatal error, 2 finished but some inputs were skipped,",
            "  3 leaks found (only with --fail-on-leak)"})
final class LeakCommand implements Callable<Integer> {
    /** Exit code with --fail-on-leak when at least one query image leaks, so pipelines can stop on it. */
    static final int EXIT_LEAKS = 3;

    @Option(names = "--query", required = true, arity = "1..*", paramLabel = "DIR",
            description = "Query dataset(s), e.g. the test set.")
    List<Path> query = new ArrayList<>();

    @Option(names = "--reference", required = true, arity = "1..*", paramLabel = "DIR",
            description = "Reference dataset(s), e.g. the training set.")
    List<Path> reference = new ArrayList<>();

    @Option(names = "--no-data-dir", description = "Do not restrict a dataset to its data/ folder when it has one.")
    boolean noDataDir;

    @Option(names = "--follow-links", description = "Follow symbolic links while scanning.")
    boolean followLinks;

    @Mixin
    FilterOptions filterOptions;

    @Mixin
    EncoderOptions encoderOptions;

    @Mixin
    EncodingsOptions encodingsOptions;

    @Mixin
    ApproximateOptions approximateOptions;

    @Mixin
    ThresholdOption threshold;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "JSON: {\"verdict\", \"leaking\", \"query_images\", \"leaks\": {query: [[reference, score], ...]}}, "
                    + "plus the full results (read by report, dup-stats, plot, evaluate) beside it as FILE-stem.doppel.json.")
    Path out;

    @Mixin
    ReportOptionsMixin reportOptions;

    @Option(names = "--show", paramLabel = "N", defaultValue = "20", description = "Print at most N leaking images.")
    int show;

    @Option(names = "--fail-on-leak", description = "Exit with code 3 when any query image leaks (for CI pipelines).")
    boolean failOnLeak;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        approximateOptions.validate();
        encoderOptions.allowRecheck();
        Console console = new Console(quiet);
        Progress progress = CliProgress.create(quiet);
        Encodings saved = encodingsOptions.loadIn(encoderOptions);
        LeakRequest request;
        try {
            request = LeakRequest.builder().query(query).reference(reference)
                    .scanOptions(new ScanOptions(!noDataDir, true, followLinks, filterOptions.filter()))
                    .encodings(saved).encoder(encoderOptions.choiceOrSaved(saved)).threshold(threshold.value)
                    .approximate(approximateOptions.approximate, approximateOptions.hnswK)
                    .nearThreshold(encoderOptions.nearThreshold()).progress(progress).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        // Only the query side needs embeddings' dihedral variants: every pair joins the two sides.
        var step = EncodingsStep.run(request::scan, saved, encoderOptions, encodingsOptions, progress, request::queryNames);
        Encodings encodings = step.encodings();
        EncoderSpec spec = encodings.spec();
        double t = Thresholds.resolve(threshold.value, spec); // a --threshold that does not fit the encoder is a usage error
        LeakRun run = Leak.search(request, step);

        ResultsFile results = run.results();
        if (out != null) {
            run.writeSummary(out);
            // Beside it, the full results that report, dup-stats, plot and evaluate read (as for find --out).
            ResultsIO.write(results, ResultFiles.sidecarOf(out));
        }
        String reportLine = reportOptions.writeIfAsked(results, "Doppel leakage check");

        Map<String, List<LeakRun.Source>> leaks = run.leaks();
        int shown = 0;
        for (Map.Entry<String, List<LeakRun.Source>> e : leaks.entrySet()) {
            if (shown++ == show) {
                console.println("... and " + (leaks.size() - show) + " more (see --out)");
                break;
            }
            StringBuilder line = new StringBuilder("leak " + e.getKey() + " <- ");
            for (int i = 0; i < e.getValue().size(); i++) {
                LeakRun.Source source = e.getValue().get(i);
                line.append(i == 0 ? "" : ", ").append(source.reference()).append(" (")
                        .append(Thresholds.scoreLabel(source.score(), spec)).append(')');
            }
            console.println(line.toString());
        }
        console.printSkipped(encodings.skipped());
        console.println("doppel leak: " + run.verdict() + "; " + spec.describe() + ", threshold " + Thresholds.format(t, spec)
                + ApproximateOptions.note(run.search())
                + (run.unconfirmed() > 0 ? "; " + run.unconfirmed() + " look-alike pairs not confirmed geometrically" : "")
                + "; " + encodings.skipped().size() + " skipped");
        if (out != null) {
            console.println("  results: " + out + " and " + ResultFiles.sidecarOf(out));
        }
        if (reportLine != null) {
            console.println("  " + reportLine);
        }
        if (!encodings.skipped().isEmpty()) {
            return Main.EXIT_SKIPPED;
        }
        return leaks.isEmpty() || !failOnLeak ? Main.EXIT_OK : EXIT_LEAKS;
    }
}
