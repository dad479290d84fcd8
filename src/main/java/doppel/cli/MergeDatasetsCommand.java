package doppel.cli;

import doppel.act.ActionReport;
import doppel.act.MergePlanner;
import doppel.dataset.Dataset;
import doppel.dataset.ScanOptions;
import doppel.encode.EncoderSpec;
import doppel.encodings.Encodings;
import doppel.find.MergeDatasets;
import doppel.find.MergeRequest;
import doppel.find.MergeRun;
import doppel.progress.Progress;
import doppel.search.DuplicateResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code doppel merge-datasets A B ... --into FULL}: copies the images of several datasets into one tree,
 * leaving out duplicates of images already taken from an earlier dataset. Journaled; sources untouched.
 */
@Command(name = "merge-datasets", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Copies (or hard-links) the images of several datasets, with their annotation files, into one tree "
                + "FULL/<dataset>/<relative path>, leaving out every image that duplicates one already taken: datasets "
                + "given earlier win, within a dataset the first path wins. Sources are never changed. The run is "
                + "journaled (FULL/.doppel/doppel-journal-*.jsonl); 'doppel undo JOURNAL' removes exactly the files it "
                + "created, as long as they are unchanged, and the folders it created."
        },
        footerHeading = "%nExit codes:%n",
        footer = {"  0 success, 1 usage or fatal error, 2 finished but some files were skipped or left alone"})
final class MergeDatasetsCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DATASET", description = "Dataset directories, in order of precedence.")
    List<Path> datasets = new ArrayList<>();

    @Option(names = "--into", required = true, paramLabel = "FULL",
            description = "The merged tree; created if missing, never overwritten (taken names get ~N).")
    Path into;

    @Option(names = "--link", description = "Hard-link instead of copying (files are copied where a link is "
            + "impossible, e.g. across file systems). Linked files share their content with the source.")
    boolean link;

    @Option(names = "--dry-run", description = "Print the plan (copy A -> B) and change nothing.")
    boolean dryRun;

    @Mixin
    EncoderOptions encoderOptions;

    @Mixin
    EncodingsOptions encodingsOptions;

    @Mixin
    ThresholdOption threshold;

    @Option(names = "--cross-only", description = "Leave out only images that duplicate one of an earlier dataset; "
            + "keep duplicates within a dataset.")
    boolean crossOnly;

    @Option(names = "--no-data-dir", description = "Take images from the whole dataset folder even when it has a data/ folder.")
    boolean noDataDir;

    @Option(names = "--no-annot", description = "Copy images only, not their annotation files.")
    boolean noAnnotations;

    @Option(names = "--follow-links", description = "Follow symbolic links while scanning.")
    boolean followLinks;

    @Option(names = "--show", arity = "0..1", paramLabel = "N", defaultValue = "0", fallbackValue = "" + Integer.MAX_VALUE,
            description = "List the duplicates left out (all, or the first N).")
    int show;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Console console = new Console(quiet);
        encoderOptions.allowRecheck();
        Progress progress = CliProgress.create(quiet);
        Encodings saved = encodingsOptions.loadIn(encoderOptions);
        MergeRequest request = MergeRequest.builder().datasets(datasets).into(into).link(link).dryRun(dryRun)
                .crossOnly(crossOnly).scanOptions(new ScanOptions(!noDataDir, !noAnnotations, followLinks))
                .encodings(saved).encoder(encoderOptions.choiceOrSaved(saved)).threshold(threshold.value)
                .nearThreshold(encoderOptions.nearThreshold()).progress(progress).build();
        var step = EncodingsStep.run(request::scan, saved, encoderOptions, encodingsOptions, progress);
        EncoderSpec spec = step.encodings().spec();
        double t = Thresholds.resolve(threshold.value, spec); // a --threshold that does not fit the encoder is a usage error
        MergeRun merge;
        try {
            merge = MergeDatasets.plan(request, step);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        DuplicateResult result = merge.result();
        Path journal = merge.journal();
        ActionReport report = merge.run(console.out());
        progress.close();

        printLeftOut(console, result, merge);
        console.printSkipped(result.skipped());
        List<String> names = result.datasets().stream().map(Dataset::name).toList();
        console.println(String.format("doppel merge-datasets: %d images in %d dataset%s (%s); %s, threshold %s%s",
                result.images().size(), names.size(), names.size() == 1 ? "" : "s", String.join(", ", names),
                spec.describe(), Thresholds.format(t, spec), crossOnly ? ", cross-dataset only" : ""));
        String verb = link ? "linked" : "copied";
        String what = String.format("%d images (+%d annotation files, %.1f MB) into %s", report.images(),
                report.sidecars(), report.bytes() / 1e6, merge.targetDir());
        String dups = merge.leftOut().size() + " duplicates left out"
                + (show == 0 && !merge.leftOut().isEmpty() ? " (list them with --show)" : "");
        if (dryRun) {
            console.println("  dry run: would have " + verb + " " + what + "; " + dups + "; nothing changed");
        } else {
            console.println("  " + verb + " " + what + "; " + dups);
            console.println("  journal: " + journal + " (undo with: doppel undo " + ShellWords.quote(journal.toString()) + ")");
        }
        for (String note : report.notes()) {
            console.println("  note: " + note);
        }
        if (!result.skipped().isEmpty()) {
            console.println("  " + result.skipped().size() + " files could not be read and were not merged");
        }
        if (!report.problems().isEmpty()) {
            console.println("  " + report.problems().size() + " problems: " + String.join("; ", report.problems()));
        }
        return report.clean() && result.skipped().isEmpty() ? Main.EXIT_OK : Main.EXIT_SKIPPED;
    }

    private void printLeftOut(Console console, DuplicateResult result, MergeRun merge) {
        if (show <= 0) {
            return;
        }
        int shown = 0;
        for (MergePlanner.LeftOut d : merge.leftOut()) {
            if (shown++ == show) {
                console.println("... and " + (merge.leftOut().size() - show) + " more duplicates left out");
                break;
            }
            String score = Double.isNaN(d.score()) ? "linked via others" : Thresholds.scoreLabel(d.score(), result.spec());
            console.println("left out " + d.image().key() + " (duplicate of " + d.duplicateOf().key() + ", " + score + ")");
        }
    }
}
