/**
 * Train/validation/test splits per topic: {@link doppel.split.Split} plans a {@link doppel.split.SplitPlan}.
 */
package doppel.split;
