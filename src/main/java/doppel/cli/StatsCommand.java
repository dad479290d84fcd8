package doppel.cli;

import doppel.dataset.Dataset;
import doppel.dataset.DatasetScanner;
import doppel.dataset.ScanOptions;
import doppel.dataset.ScanResult;
import doppel.stats.ImageStats;
import doppel.stats.StatsReport;
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
        description = {
            "Image statistics per dataset, read from file headers only (fast): count by format, by resolution "
                + "class (small < 0.5 MP, medium 0.5-2 MP, large > 2 MP), min/median/max width and height, broken files; "
                + "per folder level with --depth (cluster/subcluster/topic)."
        })
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

    @picocli.CommandLine.Mixin
    FilterOptions filterOptions;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors (the JSON is still written).")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (depth < 0) {
            throw new UsageException("--depth must be 0 or more");
        }
        if (workers != null && workers < 1) {
            throw new UsageException("--workers must be at least 1");
        }
        ScanResult scan = new DatasetScanner(new ScanOptions(!noDataDir, false, false, filterOptions.filter())).scanDirs(dirs);
        int threads = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        List<String> names = scan.datasets().stream().map(Dataset::name).toList();
        StatsReport report = ImageStats.compute(scan.files(), names, depth, threads, CliProgress.create(quiet));
        if (json != null) {
            report.writeJson(json);
        }
        Console console = new Console(quiet);
        console.println(report.toTable());
        console.printSkipped(scan.skipped());
        int images = report.datasets().values().stream().mapToInt(d -> d.all().total()).sum();
        int brokenFiles = report.datasets().values().stream().mapToInt(d -> d.all().broken().size()).sum();
        // Said in words because an empty table is easy to misread as a failure.
        console.println(String.format("doppel stats: %d images in %d dataset%s; %d broken", images, names.size(),
                names.size() == 1 ? "" : "s", brokenFiles));
        boolean broken = brokenFiles > 0;
        return broken || !scan.skipped().isEmpty() ? Main.EXIT_SKIPPED : Main.EXIT_OK;
    }
}
