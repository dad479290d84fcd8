package doppel.search;

import doppel.progress.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Runs numbered chunks of work on a few threads that pull chunks as they finish (load balancing). */
final class Workers {
    /** One chunk of work, run by worker {@code worker} (0-based, for per-worker buffers). */
    interface ChunkTask {
        void run(int worker, int chunk);
    }

    private Workers() {
    }

    /** Runs chunks 0..chunks-1 on {@code workers} threads, one progress step per chunk; rethrows the first failure. */
    static void run(int workers, int chunks, ChunkTask task, Progress progress) {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int threads = Math.max(1, Math.min(workers, chunks));
        List<Thread> started = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            Runnable body = () -> {
                try {
                    for (int c = next.getAndIncrement(); c < chunks && failure.get() == null; c = next.getAndIncrement()) {
                        task.run(worker, c);
                        progress.step(1);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            };
            if (threads == 1) {
                body.run();
            } else {
                Thread th = new Thread(body, "doppel-search-" + w);
                th.setDaemon(true);
                th.start();
                started.add(th);
            }
        }
        for (Thread th : started) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("search interrupted", e);
            }
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }
}
