/**
 * Benchmarks: programs with a {@code main} that print numbers for BENCHMARKS.md, run by {@code scripts/bench}.
 * Compiled with the tests, never part of the shipped jar.
 */
package doppel.bench;
