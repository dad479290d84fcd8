package doppel.bench;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.progress.Progress;
import doppel.stats.HeaderScan;
import doppel.stats.ImageStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Header-only statistics speed: reads every image header under a folder a few times and prints files per
 * second for each worker count. Usage: {@code StatsBench DIR [ROUNDS]}.
 */
public final class StatsBench {
    private StatsBench() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/photos");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Dataset ds = new Dataset(root.toAbsolutePath().normalize().getFileName().toString(), root);
        List<ImageFile> files;
        try (Stream<Path> s = Files.walk(ds.root())) {
            files = s.filter(Files::isRegularFile).sorted().map(p -> {
                try {
                    return new ImageFile(ds, ds.root().relativize(p).toString().replace('\\', '/'), Files.size(p),
                            Files.getLastModifiedTime(p).toMillis());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
        // Warm-up: class loading and plugin registration are not part of the per-file cost.
        ImageStats.scan(files, 1, Progress.NONE);
        for (int workers : new int[] {1, 2, 4}) {
            long best = Long.MAX_VALUE;
            HeaderScan scan = null;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                scan = ImageStats.scan(files, workers, Progress.NONE);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("workers=%d files=%d readable=%d best of %d: %.1f ms (%.0f files/s)%n", workers,
                    files.size(), scan.headers().size(), rounds, best / 1e6, files.size() / (best / 1e9));
        }
    }
}
