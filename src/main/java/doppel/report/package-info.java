/**
 * Showing results to people: {@link doppel.report.HtmlReport} (the browsable page of {@code report}) and
 * {@link doppel.report.CollagePlot} (the PNG of {@code plot}).
 */
package doppel.report;
