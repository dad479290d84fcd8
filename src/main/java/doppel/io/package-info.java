/**
 * Input and output helpers: {@link doppel.io.AtomicWrite} (a temporary file beside the target, then a rename),
 * {@link doppel.io.Sha256} (content digests as results and plans record them) and {@link doppel.io.NativeLoad}
 * (the moment before a native library loads, when the command line sets up its filter of their stderr chatter).
 */
package doppel.io;
