package doppel.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files for the encoders. Thread-safe. Every failure is an {@link ImageException} with a
 * one-line reason; nothing else escapes for a bad file.
 */
public final class ImageLoader {
    /** Default pixel limit, the same as PIL's decompression-bomb error threshold (2 x 89,478,485). */
    public static final long DEFAULT_MAX_PIXELS = 178_956_970L;

    static {
        ImageIO.setUseCache(false);
    }

    private final long maxPixels;

    public ImageLoader(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public ImageLoader() {
        this(DEFAULT_MAX_PIXELS);
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** Decodes the whole image at full resolution as 8-bit RGB (alpha dropped). */
    public RgbImage readRgb(Path file) throws ImageException {
        return toRgb(readBuffered(file));
    }

    /**
     * Decodes the image at a size whose shorter side is at least {@code minSide} where the file allows it,
     * possibly smaller than full resolution (faster for large files). The aspect ratio is kept.
     */
    public RgbImage readRgbAtLeast(Path file, int minSide) throws ImageException {
        return readRgb(file);
    }

    private BufferedImage readBuffered(Path file) throws ImageException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ImageException("unreadable: " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new ImageException("zero-byte file");
        }
        try (InputStream in = Files.newInputStream(file); ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new ImageException("not an image (unknown format)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new ImageException("refused: " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " is over the pixel limit of " + maxPixels + " (--max-pixels)");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (ImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageException("cannot decode: " + oneLine(e), e);
        }
    }

    /** Converts any BufferedImage to 8-bit RGB, reading grey rasters directly (getRGB would gamma-shift them). */
    static RgbImage toRgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * 3];
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRaster().getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    out[o] = out[o + 1] = out[o + 2] = (byte) row[x];
                }
            }
            return new RgbImage(w, h, out);
        }
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int p = argb[x];
                int o = (y * w + x) * 3;
                out[o] = (byte) (p >>> 16);
                out[o + 1] = (byte) (p >>> 8);
                out[o + 2] = (byte) p;
            }
        }
        return new RgbImage(w, h, out);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return m.replaceAll("\\s+", " ").strip();
    }
}
