package doppel.cli;

import doppel.report.HtmlReport;
import doppel.report.ReportOptions;
import doppel.results.ResultsFile;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --report HTML on the searching commands (imagededup's display_duplicates, as a page that works offline). */
final class ReportOptionsMixin {
    @Option(names = "--report", paramLabel = "HTML",
            description = "Also write a self-contained HTML page showing every group as thumbnails.")
    Path html;

    /** Writes the page when asked; returns a line for the summary, or null. */
    String writeIfAsked(ResultsFile results, String title) throws IOException {
        if (html == null) {
            return null;
        }
        HtmlReport.Stats stats = HtmlReport.write(results, html, ReportOptions.defaults().withTitle(title));
        return "report: " + html + " (" + stats.groups() + " groups, " + stats.thumbnails() + " thumbnails"
                + (stats.missing() > 0 ? ", " + stats.missing() + " missing images" : "") + ")";
    }
}
