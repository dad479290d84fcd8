package doppel.cli;

import doppel.report.HtmlReport;
import doppel.report.ReportOptions;
import doppel.results.PairEvidence;
import doppel.results.ResultsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * --html FILE on the searching commands, as on {@code report} (imagededup's display_duplicates, as a page that
 * works offline).
 */
final class ReportOptionsMixin {
    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write a self-contained HTML page showing every group as thumbnails.")
    Path html;

    /** The earlier spelling of --html; kept so existing scripts run. */
    @Option(names = "--report", paramLabel = "FILE", hidden = true)
    Path report;

    /** True when a report page is asked for ({@code --html} or {@code --report}). */
    boolean asked() {
        return html != null || report != null;
    }

    /** Writes the page when asked; returns a line for the summary, or null. */
    String writeIfAsked(ResultsFile results, String title) throws IOException {
        return writeIfAsked(results, List.of(), title);
    }

    /**
     * Writes the page when asked, with the evidence of the pairs verified geometrically (so that a plan exported
     * from the page claims their proof); returns a line for the summary, or null.
     */
    String writeIfAsked(ResultsFile results, List<PairEvidence> evidence, String title) throws IOException {
        if (html != null && report != null && !html.equals(report)) {
            throw new UsageException("--report is the earlier name of --html: give one of them");
        }
        Path page = html != null ? html : report;
        if (page == null) {
            return null;
        }
        HtmlReport.Stats stats = HtmlReport.write(results, evidence, page, ReportOptions.defaults().withTitle(title));
        return "report: " + page + " (" + stats.groups() + " groups, " + stats.thumbnails() + " thumbnails"
                + (stats.missing() > 0 ? ", " + stats.missing() + " missing images" : "") + ")";
    }
}
