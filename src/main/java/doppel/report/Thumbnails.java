package doppel.report;

import doppel.image.ImageException;
import doppel.image.ImageLoader;
import doppel.image.RgbImage;
import doppel.results.ActionInfo;
import doppel.results.ResultsFile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Small previews of the images of a results file, for the HTML report and the collage plot. Thread-safe.
 */
final class Thumbnails {
    private final ImageLoader loader;
    private final ResultsFile results;

    Thumbnails(ResultsFile results, ImageLoader loader) {
        this.results = results;
        this.loader = loader;
    }

    /** A preview, or why there is none. Exactly one of {@code image} and {@code problem} is null. */
    record Thumb(BufferedImage image, Problem problem, String detail) {
    }

    /** Why an image has no preview. */
    enum Problem {
        /** The file is not where the results file says (moved, deleted, other machine). */
        MISSING,
        /** The file exists but cannot be decoded. */
        UNREADABLE
    }

    /**
     * Where the member's file is now: at its place under the dataset root, or, for a run whose duplicates were
     * moved, under the target directory as {@code target/dataset/path} or {@code target/path}. Null if nowhere.
     */
    Path locate(ResultsFile.Member m) {
        ResultsFile.DatasetInfo d = results.dataset(m.dataset());
        if (d != null) {
            Path p = Path.of(d.root()).resolve(m.path());
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        ActionInfo a = results.actions();
        if (a != null && a.mode() == ActionInfo.Mode.MOVE && a.target() != null) {
            for (Path p : new Path[] {a.target().resolve(m.dataset()).resolve(m.path()), a.target().resolve(m.path())}) {
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Decodes the member's image, reduced so that its longer side is at most {@code maxSide}. */
    Thumb load(ResultsFile.Member m, int maxSide) {
        Path p = locate(m);
        if (p == null) {
            return new Thumb(null, Problem.MISSING, "file not found");
        }
        try {
            RgbImage rgb = loader.readRgbAtLeast(p, maxSide);
            return new Thumb(shrink(rgb, maxSide), null, null);
        } catch (ImageException e) {
            return new Thumb(null, Problem.UNREADABLE, e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            // A preview is never worth failing the whole report for.
            return new Thumb(null, Problem.UNREADABLE, e.getClass().getSimpleName());
        }
    }

    /**
     * Box-filter reduction straight from the RGB bytes: every source pixel contributes to exactly one output
     * pixel, which avoids the aliasing of a single bilinear step and needs no full-size BufferedImage copy.
     * Images already within {@code maxSide} are not enlarged.
     */
    static BufferedImage shrink(RgbImage src, int maxSide) {
        int sw = src.width();
        int sh = src.height();
        double scale = Math.min(1.0, (double) maxSide / Math.max(sw, sh));
        int dw = Math.max(1, (int) Math.round(sw * scale));
        int dh = Math.max(1, (int) Math.round(sh * scale));
        BufferedImage out = new BufferedImage(dw, dh, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        byte[] rgb = src.rgb();
        long[] acc = new long[dw * 3];
        int[] count = new int[dw];
        int[] x0 = new int[dw + 1];
        for (int x = 0; x <= dw; x++) {
            x0[x] = (int) ((long) x * sw / dw);
        }
        for (int y = 0; y < dh; y++) {
            int ya = (int) ((long) y * sh / dh);
            int yb = Math.max(ya + 1, (int) ((long) (y + 1) * sh / dh));
            java.util.Arrays.fill(acc, 0);
            java.util.Arrays.fill(count, 0);
            for (int sy = ya; sy < yb; sy++) {
                int row = sy * sw * 3;
                for (int x = 0; x < dw; x++) {
                    int xb = Math.max(x0[x] + 1, x0[x + 1]);
                    for (int sx = x0[x]; sx < xb; sx++) {
                        int o = row + sx * 3;
                        acc[x * 3] += rgb[o] & 0xFF;
                        acc[x * 3 + 1] += rgb[o + 1] & 0xFF;
                        acc[x * 3 + 2] += rgb[o + 2] & 0xFF;
                    }
                    count[x] += xb - x0[x];
                }
            }
            for (int x = 0; x < dw; x++) {
                int n = count[x];
                int r = (int) ((acc[x * 3] + n / 2) / n);
                int g = (int) ((acc[x * 3 + 1] + n / 2) / n);
                int b = (int) ((acc[x * 3 + 2] + n / 2) / n);
                px[y * dw + x] = (r << 16) | (g << 8) | b;
            }
        }
        return out;
    }

    /** Encodes an RGB image as JPEG at the given quality (0..1). */
    static byte[] jpeg(BufferedImage img, float quality) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("no JPEG writer available");
        }
        ImageWriter w = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            w.setOutput(out);
            ImageWriteParam param = w.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            w.write(null, new IIOImage(img, null, null), param);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }

    /** A {@code data:image/jpeg;base64,...} URI of the image. */
    static String dataUri(BufferedImage img, float quality) throws IOException {
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg(img, quality));
    }
}
