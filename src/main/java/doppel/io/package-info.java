/**
 * File writing helpers: {@link doppel.io.AtomicWrite} (a temporary file beside the target, then a rename).
 */
package doppel.io;
