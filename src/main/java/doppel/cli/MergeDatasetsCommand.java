package doppel.cli;

import doppel.act.ActionReport;
import doppel.act.ActionRunner;
import doppel.act.MergePlanner;
import doppel.dataset.Dataset;
import doppel.dataset.DatasetScanner;
import doppel.dataset.ScanOptions;
import doppel.dataset.ScanResult;
import doppel.dataset.SidecarFinder;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderRegistry;
import doppel.encode.EncoderSpec;
import doppel.dataset.SkippedFile;
import doppel.encodings.Encodings;
import doppel.image.ImageLoader;
import doppel.progress.Progress;
import doppel.search.DuplicateFinder;
import doppel.search.DuplicateResult;
import doppel.search.KeepPolicy;
import doppel.search.PairSearches;
import doppel.search.SearchOptions;
import doppel.verify.Thorough;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    @Option(names = {"-t", "--threshold"}, paramLabel = "T",
            description = "Max Hamming distance (hashes; default per encoder for 64 bits: phash 10, dhash 8, ahash/whash 10 with each removal verified geometrically, "
                    + "tighter with --dihedral, scaled with --hash-size) or min cosine similarity (cnn/clip, default 0.9).")
    Double threshold;

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
        Progress progress = CliProgress.create(quiet);
        ScanOptions scanOptions = new ScanOptions(!noDataDir, !noAnnotations, followLinks);
        ScanResult scan = new DatasetScanner(scanOptions).scanDirs(datasets);
        Encodings saved = encodingsOptions.loadIn(encoderOptions);
        var step = EncodingsStep.run(() -> scan, saved, encoderOptions, encodingsOptions, progress);
        Encodings encodings = onlyScanned(step.encodings(), scan.datasets());

        EncoderSpec spec = encodings.spec();
        SearchOptions options = new SearchOptions(Thresholds.resolve(threshold, spec), crossOnly);
        DuplicateResult result = DuplicateFinder.find(scan.datasets(), spec, encodings.images(), encodings.skipped(),
                options, KeepPolicy.FIRST_DIR, PairSearches.forSpec(spec, encoderOptions.workerCount(),
                        encoderOptions.deviceName()), progress);
        if (EncoderRegistry.removalsNeedVerification(spec)) { // a file left out of the merge must be a proven copy
            result = new Thorough(new ImageLoader(encoderOptions.maxPixels)).verifyRemovals(result, progress).result();
        }
        progress.close();

        MergePlanner.Merge merge;
        try {
            merge = MergePlanner.plan(result, into, link, SidecarFinder.of(scanOptions));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path journal = merge.plan().defaultJournal();
        ActionReport report = ActionRunner.run(merge.plan(), journal, dryRun, console.out(), progress);
        progress.close();

        printLeftOut(console, result, merge);
        console.printSkipped(result.skipped());
        List<String> names = scan.datasets().stream().map(Dataset::name).toList();
        console.println(String.format("doppel merge-datasets: %d images in %d dataset%s (%s); %s, threshold %s%s",
                result.images().size(), names.size(), names.size() == 1 ? "" : "s", String.join(", ", names),
                spec.describe(), Thresholds.format(options.threshold(), spec), crossOnly ? ", cross-dataset only" : ""));
        String verb = link ? "linked" : "copied";
        String what = String.format("%d images (+%d annotation files, %.1f MB) into %s", report.images(),
                report.sidecars(), report.bytes() / 1e6, merge.plan().targetDir());
        String dups = merge.duplicates().size() + " duplicates left out"
                + (show == 0 && !merge.duplicates().isEmpty() ? " (list them with --show)" : "");
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

    private void printLeftOut(Console console, DuplicateResult result, MergePlanner.Merge merge) {
        if (show <= 0) {
            return;
        }
        int shown = 0;
        for (MergePlanner.LeftOut d : merge.duplicates()) {
            if (shown++ == show) {
                console.println("... and " + (merge.duplicates().size() - show) + " more duplicates left out");
                break;
            }
            String score = Double.isNaN(d.score()) ? "linked via others" : Thresholds.scoreLabel(d.score(), result.spec());
            console.println("left out " + d.image().key() + " (duplicate of " + d.duplicateOf().key() + ", " + score + ")");
        }
    }

    /** The encodings of the scanned datasets only: saved encodings of other datasets are not merged. */
    private static Encodings onlyScanned(Encodings encodings, List<Dataset> scanned) {
        Set<String> names = new HashSet<>();
        scanned.forEach(d -> names.add(d.name()));
        List<EncodedImage> images = encodings.images().stream()
                .filter(e -> names.contains(e.file().dataset().name())).toList();
        List<SkippedFile> skipped = encodings.skipped().stream().filter(s -> names.contains(s.dataset())).toList();
        return new Encodings(encodings.spec(), scanned, images, skipped);
    }
}
