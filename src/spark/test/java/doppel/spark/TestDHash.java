package doppel.spark;

import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.encode.Encoder;
import doppel.encode.EncoderSpec;
import doppel.encode.SkippedFile;
import doppel.image.ImageException;
import doppel.image.ImageLoader;
import doppel.image.RgbImage;
import doppel.progress.Progress;
import java.util.List;
import java.util.Map;

/** A small single-threaded 64-bit difference hash for the Spark tests (the real encoders live in doppel.encode.hash). */
final class TestDHash implements Encoder {
    private final ImageLoader loader = new ImageLoader();

    @Override
    public EncoderSpec spec() {
        return new EncoderSpec("test-dhash", EncoderSpec.Metric.HAMMING, 64, Map.of("hash_size", "8"), Map.of());
    }

    @Override
    public void encode(List<ImageFile> files, EncodeSink sink, Progress progress) {
        for (ImageFile f : files) {
            try {
                RgbImage img = loader.readRgb(f.path());
                sink.encoded(new EncodedImage(f, BitHash.of64(hash(img)), List.of(), img.width(), img.height()));
            } catch (ImageException e) {
                sink.skipped(new SkippedFile(f.dataset().name(), f.relativePath(), e.getMessage()));
            }
            progress.step(1);
        }
    }

    /** Box-averages the grey image to 9x8 cells and sets a bit where a cell is brighter than its right neighbour. */
    static long hash(RgbImage img) {
        int w = img.width();
        int h = img.height();
        double[] cells = new double[9 * 8];
        int[] counts = new int[9 * 8];
        byte[] px = img.rgb();
        for (int y = 0; y < h; y++) {
            int cy = y * 8 / h;
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                double grey = 0.299 * (px[o] & 0xFF) + 0.587 * (px[o + 1] & 0xFF) + 0.114 * (px[o + 2] & 0xFF);
                int c = cy * 9 + x * 9 / w;
                cells[c] += grey;
                counts[c]++;
            }
        }
        long bits = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                double left = cells[y * 9 + x] / Math.max(1, counts[y * 9 + x]);
                double right = cells[y * 9 + x + 1] / Math.max(1, counts[y * 9 + x + 1]);
                bits = bits << 1 | (left > right ? 1 : 0);
            }
        }
        return bits;
    }
}
