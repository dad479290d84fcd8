/**
 * The results file of {@code find} and {@code leak}: {@link doppel.results.ResultsFile} (its content) and
 * {@link doppel.results.ResultsIO} (reading and writing it, and imagededup's duplicate maps).
 */
package doppel.results;
