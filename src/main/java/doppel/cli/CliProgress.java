package doppel.cli;

import doppel.progress.Progress;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Draws {@link Progress} as a progress bar with rate and ETA on stderr. Silent when stderr is not a
 * terminal (logs and pipes would get every redraw) or with --quiet.
 */
final class CliProgress implements Progress {
    private final boolean enabled;
    private ProgressBar bar;

    private CliProgress(boolean enabled) {
        this.enabled = enabled;
    }

    /** A progress bar when we run on a terminal and are not quiet, else nothing. */
    static Progress create(boolean quiet) {
        boolean tty = System.console() != null || "1".equals(System.getenv("DOPPEL_PROGRESS"));
        return new CliProgress(!quiet && tty);
    }

    @Override
    public synchronized void start(String task, long total) {
        close();
        if (!enabled) {
            return;
        }
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .setMaxRenderedLength(100)
                .build();
    }

    @Override
    public synchronized void step(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
