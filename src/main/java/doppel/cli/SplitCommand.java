package doppel.cli;

import doppel.aesthetic.AestheticScoring;
import doppel.dataset.DatasetScanner;
import doppel.dataset.ImageFile;
import doppel.dataset.ScanOptions;
import doppel.dataset.ScanResult;
import doppel.split.Split;
import doppel.split.SplitPlan;
import doppel.stats.HeaderScan;
import doppel.stats.ImageStats;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code doppel split}: per topic folder, the best images for training and the next ones for validation. */
@Command(header = "Per-topic train/validation split by resolution x aesthetic score.",
        name = "split", mixinStandardHelpOptions = true,
        description = {
            "Per topic folder, ranks images by resolution x aesthetic score (resolution alone without "
                + "--scores), takes the top --train as training and the next --valid as validation images, and writes "
                + "train_set.json and valid_set.json."
        })
final class SplitCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "The dataset directory.")
    Path dir;

    @Option(names = "--train", required = true, paramLabel = "N", description = "Training images per topic.")
    int train;

    @Option(names = "--valid", required = true, paramLabel = "M", description = "Validation images per topic.")
    int valid;

    @Option(names = "--scores", description = "Rank by resolution x the aesthetic scores written by 'doppel score'.")
    boolean scores;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "0",
            description = "Topic = the folder N levels down (default 0: each image's own folder).")
    int depth;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Where to write the JSON files (default: the dataset dir).")
    Path out;

    @Option(names = "--no-data-dir", description = "Do not restrict the dataset to its data/ folder when it has one.")
    boolean noDataDir;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        ScanResult scan = new DatasetScanner(new ScanOptions(!noDataDir, false, false)).scanDirs(List.of(dir));
        HeaderScan headers = ImageStats.scan(scan.files(), Runtime.getRuntime().availableProcessors(),
                CliProgress.create(quiet));
        Map<ImageFile, int[]> sizes = new HashMap<>();
        headers.headers().forEach((f, h) -> sizes.put(f, new int[] {h.width(), h.height()}));
        Map<ImageFile, Float> aesthetic = scores ? AestheticScoring.readScores(scan.files()) : null;
        if (scores && aesthetic.isEmpty()) {
            throw new UsageException("--scores: no aesthetic_data.json found under " + dir + " (run 'doppel score' first)");
        }
        SplitPlan plan;
        try {
            plan = Split.plan(scan.files(), sizes, aesthetic, train, valid, depth);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<Path> written = plan.write(out != null ? out : dir);
        Console console = new Console(quiet);
        console.println(plan.summary());
        console.println("doppel split: wrote " + written);
        return headers.broken().isEmpty() ? Main.EXIT_OK : Main.EXIT_SKIPPED;
    }
}
