package doppel.progress;

/**
 * Progress of a long step, reported by the library and drawn by the command line (a progress bar on a
 * terminal, nothing with --quiet). Implementations must be thread-safe.
 */
public interface Progress extends AutoCloseable {
    /** A progress that shows nothing. */
    Progress NONE = new Progress() {
        @Override
        public void start(String task, long total) {
        }

        @Override
        public void step(long n) {
        }

        @Override
        public void close() {
        }
    };

    /** Starts a task of {@code total} units (-1 when unknown); ends the previous one. */
    void start(String task, long total);

    /** Advances the current task by {@code n} units. */
    void step(long n);

    /** Ends the current task. */
    @Override
    void close();
}
