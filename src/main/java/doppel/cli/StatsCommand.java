package doppel.cli;

import doppel.dataset.DatasetScanner;
import doppel.dataset.ScanOptions;
import doppel.dataset.ScanResult;
import doppel.stats.ImageStats;
import doppel.stats.StatsReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code doppel stats}: formats, resolutions and broken files of datasets, reading headers only. */
@Command(header = "Image statistics: formats, resolutions, broken files (headers only).",
        name = "stats", mixinStandardHelpOptions = true,
        description = {"Image statistics per dataset, read from file headers only (fast): count by format, by resolution",
            "class (small < 0.5 MP, medium 0.5-2 MP, large > 2 MP), min/median/max width and height, broken files;",
            "per folder level with --depth (cluster/subcluster/topic)."})
final class StatsCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Dataset directories.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--depth", paramLabel = "N", defaultValue = "0",
            description = "Also group by the first N folder levels (default 0: whole datasets only).")
    int depth;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Write the statistics as JSON (e.g. datasets_image_statistics.json).")
    Path json;

    @Option(names = "--workers", paramLabel = "N", description = "Threads reading headers (default: all cores).")
    Integer workers;

    @Option(names = "--no-data-dir", description = "Do not restrict a dataset to its data/ folder when it has one.")
    boolean noDataDir;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors (the JSON is still written).")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (depth < 0) {
            throw new UsageException("--depth must be 0 or more");
        }
        ScanResult scan = new DatasetScanner(new ScanOptions(!noDataDir, false, false)).scanDirs(dirs);
        int threads = workers == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, workers);
        StatsReport report = ImageStats.compute(scan.files(), depth, threads, CliProgress.create(quiet));
        if (json != null) {
            Files.writeString(json, report.toJsonString());
        }
        Console console = new Console(quiet);
        console.println(report.toTable());
        console.printSkipped(scan.skipped());
        boolean broken = report.datasets().values().stream().anyMatch(d -> !d.all().broken().isEmpty());
        return broken || !scan.skipped().isEmpty() ? Main.EXIT_SKIPPED : Main.EXIT_OK;
    }
}
