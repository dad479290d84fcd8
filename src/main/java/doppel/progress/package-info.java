/**
 * Progress reporting of long steps: {@link doppel.progress.Progress} ({@code Progress.NONE} reports nothing).
 */
package doppel.progress;
