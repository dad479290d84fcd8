package doppel.cli;

import doppel.report.HtmlReport;
import doppel.report.ReportOptions;
import doppel.results.ResultsFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code doppel report}: the HTML page of a finished search. */
@Command(header = "Write a self-contained HTML page showing the duplicate groups.",
        name = "report", mixinStandardHelpOptions = true,
        description = {
            "Writes one self-contained HTML page (works offline) showing each duplicate group as thumbnails, "
                + "with paths, resolutions, sizes, scores and which file is kept; sortable, filterable, paged."
        })
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RESULTS", description = "Results of 'find --out' (dups.json or dups.doppel.json).")
    Path results;

    @Option(names = "--html", required = true, paramLabel = "FILE", description = "The page to write.")
    Path html;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Doppel duplicates", description = "Page title.")
    String title;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "50", description = "Groups per page (default 50).")
    int pageSize;

    @Option(names = "--thumb-size", paramLabel = "PX", defaultValue = "160", description = "Thumbnail long side (default 160).")
    int thumbSize;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (pageSize < 1 || thumbSize < 16) {
            throw new UsageException("--page-size must be >= 1 and --thumb-size >= 16");
        }
        ResultsFile file = ResultsArgs.read(results);
        HtmlReport.Stats stats = HtmlReport.write(file, ResultsArgs.evidence(results), html,
                ReportOptions.defaults().withTitle(title)
                .withPageSize(pageSize).withThumbnailSize(thumbSize));
        new Console(quiet).println(String.format("doppel report: %s (%d groups, %d thumbnails%s, %.1f MB)", html,
                stats.groups(), stats.thumbnails(), stats.missing() > 0 ? ", " + stats.missing() + " images missing" : "",
                stats.bytes() / 1e6));
        return stats.missing() > 0 ? Main.EXIT_SKIPPED : Main.EXIT_OK;
    }
}
