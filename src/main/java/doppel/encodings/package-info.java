/**
 * Saved encodings: {@link doppel.encodings.EncodingsIO} reads and writes encodings files (Doppel's JSON and
 * imagededup's maps), {@link doppel.encodings.EncodingsReuse} decides which files need no re-encoding.
 */
package doppel.encodings;
