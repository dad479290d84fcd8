/**
 * Dataset statistics from image headers only: {@link doppel.stats.ImageStats} computes a
 * {@link doppel.stats.StatsReport}.
 */
package doppel.stats;
