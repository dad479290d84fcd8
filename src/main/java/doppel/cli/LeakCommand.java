package doppel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.dataset.DatasetScanner;
import doppel.dataset.ScanOptions;
import doppel.dataset.ScanResult;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.encodings.Encodings;
import doppel.progress.Progress;
import doppel.results.ResultsFile;
import doppel.results.ResultsIO;
import doppel.search.DuplicateFinder;
import doppel.search.DuplicateResult;
import doppel.search.KeepPolicy;
import doppel.search.Match;
import doppel.search.PairSearch;
import doppel.search.PairSearches;
import doppel.search.SearchOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

    @Option(names = {"-t", "--threshold"}, paramLabel = "T",
            description = "Max Hamming distance (hashes; default per encoder for 64 bits: phash 10, dhash 8, ahash/whash 10, "
                    + "tighter with --dihedral, scaled with --hash-size) or min cosine similarity (cnn/clip, default 0.9).")
    Double threshold;

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
        Console console = new Console(quiet);
        Progress progress = CliProgress.create(quiet);
        for (Path q : query) {
            for (Path r : reference) {
                if (Files.isDirectory(q) && Files.isDirectory(r) && Files.isSameFile(q, r)) {
                    throw new UsageException(q + " is both a query and a reference dataset");
                }
            }
        }
        List<Path> all = new ArrayList<>(reference);
        all.addAll(query);
        // Reference first: it is the side that is kept in every group.
        ScanResult scan = new DatasetScanner(new ScanOptions(!noDataDir, true, followLinks, filterOptions.filter())).scanDirs(all);
        Set<String> referenceNames = new HashSet<>();
        for (int i = 0; i < reference.size(); i++) {
            referenceNames.add(scan.datasets().get(i).name());
        }
        Encodings saved = encodingsOptions.loadIn(encoderOptions);
        var step = EncodingsStep.run(() -> scan, saved, encoderOptions, encodingsOptions, progress);
        Encodings encodings = step.encodings();
        EncoderSpec spec = encodings.spec();
        double t = Thresholds.resolve(threshold, spec);

        PairSearch base = approximateOptions.search(spec, encoderOptions);
        PairSearch acrossSides = (images, options, p) -> base.findPairs(images, options, p).stream()
                .filter(m -> isReference(images.get(m.a()), referenceNames) != isReference(images.get(m.b()), referenceNames))
                .toList();
        DuplicateResult result = DuplicateFinder.find(encodings.datasets(), spec, encodings.images(),
                encodings.skipped(), new SearchOptions(t, true), KeepPolicy.FIRST_DIR, acrossSides, progress);
        progress.close();

        Map<String, List<Object[]>> leaks = new TreeMap<>();
        for (Match m : result.pairs()) {
            EncodedImage x = result.images().get(m.a());
            EncodedImage y = result.images().get(m.b());
            EncodedImage q = isReference(x, referenceNames) ? y : x;
            EncodedImage r = q == x ? y : x;
            leaks.computeIfAbsent(q.file().key(), k -> new ArrayList<>()).add(new Object[] {r.file().key(), m.score()});
        }
        long queryImages = encodings.images().stream().filter(e -> !isReference(e, referenceNames)).count();
        String verdict = String.format("%d of %d query images leak (%.1f%%)", leaks.size(), queryImages,
                queryImages == 0 ? 0.0 : 100.0 * leaks.size() / queryImages);
        ResultsFile results = ResultsFile.from(result, null, Instant.now()).withKind(ResultsFile.Kind.LEAK);
        if (out != null) {
            writeJson(verdict, leaks, queryImages, spec, t);
            // Beside it, the full results that report, dup-stats, plot and evaluate read (as for find --out).
            ResultsIO.write(results, ResultFiles.sidecarOf(out));
        }
        String reportLine = reportOptions.writeIfAsked(results, "Doppel leakage check");

        int shown = 0;
        for (Map.Entry<String, List<Object[]>> e : leaks.entrySet()) {
            if (shown++ == show) {
                console.println("... and " + (leaks.size() - show) + " more (see --out)");
                break;
            }
            StringBuilder line = new StringBuilder("leak " + e.getKey() + " <- ");
            for (int i = 0; i < e.getValue().size(); i++) {
                Object[] match = e.getValue().get(i);
                line.append(i == 0 ? "" : ", ").append(match[0]).append(" (")
                        .append(Thresholds.scoreLabel((Double) match[1], spec)).append(')');
            }
            console.println(line.toString());
        }
        console.printSkipped(encodings.skipped());
        console.println("doppel leak: " + verdict + "; " + spec.describe() + ", threshold " + Thresholds.format(t, spec)
                + ApproximateOptions.note(base) + "; " + encodings.skipped().size() + " skipped");
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

    private static boolean isReference(EncodedImage image, Set<String> referenceNames) {
        return referenceNames.contains(image.file().dataset().name());
    }

    private void writeJson(String verdict, Map<String, List<Object[]>> leaks, long queryImages, EncoderSpec spec, double t)
            throws java.io.IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("verdict", verdict);
        root.put("leaking", leaks.size());
        root.put("query_images", queryImages);
        root.put("encoder", spec.describe());
        root.put("threshold", t);
        ObjectNode map = root.putObject("leaks");
        boolean cosine = spec.metric() == EncoderSpec.Metric.COSINE;
        leaks.forEach((q, matches) -> {
            ArrayNode arr = map.putArray(q);
            for (Object[] m : matches) {
                ArrayNode pair = arr.addArray().add((String) m[0]);
                if (cosine) {
                    pair.add((Double) m[1]);
                } else {
                    pair.add(((Double) m[1]).intValue());
                }
            }
        });
        doppel.io.AtomicWrite.writeString(out, json.writeValueAsString(root));
    }
}
