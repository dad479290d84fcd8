package doppel.stats;

import doppel.dataset.ImageFile;
import doppel.image.ImageException;
import doppel.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Dataset statistics from image headers only: sizes and formats are read with ImageIO's readers
 * ({@code getWidth}/{@code getHeight}), which parse the header and never decode pixels, so a scan costs
 * a few kilobytes of I/O per file whatever the image size.
 */
public final class ImageStats {
    static {
        // The disk cache only slows header reads down and leaves temp files behind.
        ImageIO.setUseCache(false);
    }

    private ImageStats() {
    }

    /**
     * Reads every file's header in parallel and builds the report.
     *
     * @param files    the files to describe; they may come from several datasets
     * @param depth    how many leading folder levels (below a leading {@code data/}) form the group key of the
     *                 per-group statistics; 0 for whole-dataset statistics only
     * @param workers  number of threads reading headers (at least 1)
     * @param progress advanced by one per file
     */
    public static StatsReport compute(List<ImageFile> files, int depth, int workers, Progress progress) {
        return compute(files, List.of(), depth, workers, progress);
    }

    /**
     * As {@link #compute(List, int, int, Progress)}, and reports each of {@code datasetNames} even when it holds
     * no image (as 0 images).
     */
    public static StatsReport compute(List<ImageFile> files, java.util.Collection<String> datasetNames, int depth,
                                      int workers, Progress progress) {
        if (depth < 0) {
            throw new IllegalArgumentException("--depth must be 0 or more, got " + depth);
        }
        return StatsReport.of(scan(files, workers, progress), depth, datasetNames);
    }

    /**
     * Reads every file's header in parallel. Broken files (zero bytes, unknown format, unreadable header)
     * are listed with a one-line reason; nothing is thrown for a bad file.
     */
    public static HeaderScan scan(List<ImageFile> files, int workers, Progress progress) {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
        }
        int n = files.size();
        ImageHeader[] headers = new ImageHeader[n];
        String[] reasons = new String[n];
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                try {
                    headers[i] = readHeader(files.get(i).path());
                } catch (ImageException e) {
                    reasons[i] = e.getMessage();
                }
                progress.step(1);
            }
        };
        progress.start("Reading image headers", n);
        int threads = Math.min(workers, Math.max(1, n));
        Thread[] pool = new Thread[threads - 1];
        for (int t = 0; t < pool.length; t++) {
            pool[t] = new Thread(work, "doppel-stats-" + t);
            pool[t].setDaemon(true);
            pool[t].start();
        }
        work.run();
        for (Thread t : pool) {
            joinUninterruptibly(t);
        }
        progress.close();
        Map<ImageFile, ImageHeader> ok = new LinkedHashMap<>();
        Map<ImageFile, String> broken = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (headers[i] != null) {
                ok.put(files.get(i), headers[i]);
            } else {
                broken.put(files.get(i), reasons[i]);
            }
        }
        return new HeaderScan(ok, broken);
    }

    /**
     * Reads the size and format from one file's header. Every reader that claims the file is tried in turn
     * (the JDK's and TwelveMonkeys' JPEG readers differ in what they accept).
     *
     * @throws ImageException with a one-line reason when no reader can read the header
     */
    public static ImageHeader readHeader(Path file) throws ImageException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ImageException("file not found");
        } catch (IOException e) {
            throw new ImageException("unreadable: " + oneLine(e));
        }
        if (size == 0) {
            throw new ImageException("zero-byte file");
        }
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageException("not an image (unknown format)");
            }
            String firstFailure = null;
            while (readers.hasNext()) {
                ImageReader reader = readers.next();
                try {
                    in.seek(0);
                    reader.setInput(in, true, true);
                    int w = reader.getWidth(0);
                    int h = reader.getHeight(0);
                    if (w <= 0 || h <= 0) {
                        throw new IOException("invalid size " + w + "x" + h);
                    }
                    String format = reader.getOriginatingProvider().getFormatNames()[0].toLowerCase(Locale.ROOT);
                    return new ImageHeader(w, h, format);
                } catch (IOException | RuntimeException e) {
                    if (firstFailure == null) {
                        firstFailure = oneLine(e);
                    }
                } finally {
                    reader.dispose();
                }
            }
            throw new ImageException("cannot read header: " + firstFailure);
        } catch (ImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageException("unreadable: " + oneLine(e));
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return m.replaceAll("\\s+", " ").strip();
    }
}
