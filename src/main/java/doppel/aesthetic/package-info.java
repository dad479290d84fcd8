/**
 * Aesthetic scores of images from a linear head on CLIP embeddings: {@link doppel.aesthetic.AestheticScoring}
 * (entry point), {@link doppel.aesthetic.AestheticHead} (the head file), {@link doppel.aesthetic.ScoreStats}
 * (summaries for {@code score-stats}).
 */
package doppel.aesthetic;
