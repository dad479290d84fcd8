package doppel.bench;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.dataset.SkippedFile;
import doppel.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Helpers shared by the CNN benchmark mains: list a folder as a dataset, collect results. */
final class BenchFiles {
    private BenchFiles() {
    }

    /** The image files (jpg, jpeg, png, webp, bmp) directly in {@code dir}, sorted by name. */
    static List<ImageFile> list(Path dir) throws IOException {
        Dataset ds = new Dataset(dir.getFileName().toString(), dir);
        List<ImageFile> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (n.matches(".*\\.(jpe?g|png|webp|bmp)")) {
                    out.add(new ImageFile(ds, p.getFileName().toString(), Files.size(p),
                            Files.getLastModifiedTime(p).toMillis()));
                }
            }
        }
        return out;
    }

    static BufferedImage toBuffered(RgbImage img) {
        BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[img.width()];
        byte[] rgb = img.rgb();
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int o = (y * img.width() + x) * 3;
                row[x] = (rgb[o] & 0xFF) << 16 | (rgb[o + 1] & 0xFF) << 8 | (rgb[o + 2] & 0xFF);
            }
            out.setRGB(0, y, img.width(), 1, row, 0, img.width());
        }
        return out;
    }

    /** Thread-safe sink keeping results by relative path. */
    static final class Collect implements EncodeSink {
        final Map<String, EncodedImage> encoded = new ConcurrentHashMap<>();
        final AtomicInteger skipped = new AtomicInteger();

        @Override
        public void encoded(EncodedImage image) {
            encoded.put(image.file().relativePath(), image);
        }

        @Override
        public void skipped(SkippedFile s) {
            skipped.incrementAndGet();
        }
    }
}
