package doppel.io;

/**
 * The moment before Doppel first loads a native library (OpenCV, PyTorch). The command line registers what must be
 * in place by then, its filter of the libraries' chatter on stderr, so that a run that loads none (digests, reports,
 * undo) skips that set-up, which costs about half a CPU-second.
 */
public final class NativeLoad {
    private static Runnable before;
    private static boolean loading;

    private NativeLoad() {
    }

    /** Runs {@code action} just before the first native library loads, or at once if one already has. */
    public static synchronized void beforeFirst(Runnable action) {
        if (loading) {
            action.run();
        } else {
            before = action;
        }
    }

    /** Called by the code that loads a native library, before it loads it. */
    public static synchronized void announce() {
        loading = true;
        Runnable action = before;
        before = null;
        if (action != null) {
            action.run();
        }
    }
}
