package doppel.bench;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.hash.HashEncoder;
import doppel.encode.hash.HashEncoders;
import doppel.encode.hash.HashOptions;
import doppel.image.ImageException;
import doppel.image.ImageLoader;
import doppel.image.RgbImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Compares the fast and imagededup decoding modes on a folder of photos: how far apart their hashes are, and
 * how well each finds near-duplicates. For every photo it writes a copy resized to 50% and re-encoded as JPEG
 * quality 75 into WORKDIR, then counts for each hash and mode the photo/copy pairs within the threshold (found)
 * and the pairs of different photos within it (false matches, unless the folder holds real duplicates).
 *
 * <pre>java -cp ... doppel.bench.HashQuality FOLDER WORKDIR [THRESHOLD=10]</pre>
 */
public final class HashQuality {
    private HashQuality() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: HashQuality FOLDER WORKDIR [THRESHOLD]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]).toAbsolutePath();
        Path work = Path.of(args[1]).toAbsolutePath();
        int threshold = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Files.createDirectories(work);
        Dataset orig = new Dataset("orig", folder);
        Dataset copies = new Dataset("copy", work);
        List<ImageFile> originals = new ArrayList<>();
        List<ImageFile> copied = new ArrayList<>();
        ImageLoader loader = new ImageLoader();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                RgbImage img;
                try {
                    img = loader.readRgb(p);
                } catch (ImageException e) {
                    continue;
                }
                String copyName = p.getFileName() + ".jpg";
                writeHalfJpeg(img, work.resolve(copyName));
                originals.add(new ImageFile(orig, p.getFileName().toString(), 0, 0));
                copied.add(new ImageFile(copies, copyName, 0, 0));
            }
        }
        int n = originals.size();
        System.out.printf("%d photos, copies at 50%% size and JPEG q75 in %s, threshold %d%n", n, work, threshold);
        System.out.println("hash   fast-vs-compat: differ  mean  max | found fast/compat (of n) | false fast/compat (of n(n-1)/2)");
        for (String name : List.of("ahash", "dhash", "phash", "whash")) {
            BitHash[][] fast = hashes(name, false, originals, copied);
            BitHash[][] compat = hashes(name, true, originals, copied);
            int differ = 0;
            long sum = 0;
            int max = 0;
            for (int i = 0; i < n; i++) {
                int d = fast[0][i].distance(compat[0][i]);
                differ += d > 0 ? 1 : 0;
                sum += d;
                max = Math.max(max, d);
            }
            System.out.printf("%-6s %22d %5.2f %4d | %5d / %-5d           | %5d / %-5d%n", name, differ, (double) sum / n, max,
                    found(fast, threshold), found(compat, threshold), falseMatches(fast, threshold),
                    falseMatches(compat, threshold));
        }
    }

    private static int found(BitHash[][] h, int threshold) {
        int c = 0;
        for (int i = 0; i < h[0].length; i++) {
            c += h[0][i].distance(h[1][i]) <= threshold ? 1 : 0;
        }
        return c;
    }

    private static int falseMatches(BitHash[][] h, int threshold) {
        int c = 0;
        for (int i = 0; i < h[0].length; i++) {
            for (int j = i + 1; j < h[0].length; j++) {
                c += h[0][i].distance(h[0][j]) <= threshold ? 1 : 0;
            }
        }
        return c;
    }

    private static BitHash[][] hashes(String name, boolean compat, List<ImageFile> a, List<ImageFile> b) {
        HashEncoder enc = HashEncoders.create(name, HashOptions.defaults().withCompatImagededup(compat));
        BitHash[][] out = new BitHash[2][a.size()];
        for (int i = 0; i < a.size(); i++) {
            try {
                out[0][i] = (BitHash) enc.encodeOne(a.get(i)).fingerprint();
                out[1][i] = (BitHash) enc.encodeOne(b.get(i)).fingerprint();
            } catch (ImageException e) {
                throw new IllegalStateException(a.get(i).key() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    static void writeHalfJpeg(RgbImage img, Path target) throws IOException {
        BufferedImage src = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        byte[] rgb = img.rgb();
        for (int y = 0, o = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++, o += 3) {
                src.setRGB(x, y, (rgb[o] & 0xFF) << 16 | (rgb[o + 1] & 0xFF) << 8 | rgb[o + 2] & 0xFF);
            }
        }
        int w = Math.max(1, img.width() / 2);
        int h = Math.max(1, img.height() / 2);
        BufferedImage half = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = half.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.75f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(target))) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(half, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
