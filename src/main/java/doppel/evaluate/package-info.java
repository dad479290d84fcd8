/**
 * Measuring results: {@link doppel.evaluate.Evaluation} (precision, recall and F1 against a ground truth) and
 * {@link doppel.evaluate.DupStats} (duplicates per dataset and folder, for {@code dup-stats}).
 */
package doppel.evaluate;
