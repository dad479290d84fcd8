package doppel.bench;

import doppel.dataset.ImageFile;
import doppel.encode.Embedding;
import doppel.encode.cnn.CnnEncoder;
import doppel.encode.cnn.CnnEncoders;
import doppel.encode.cnn.CnnOptions;
import doppel.image.ImageLoader;
import doppel.image.RgbImage;
import doppel.progress.Progress;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Near-duplicate quality of an embedding model through the real Java pipeline: for each photo, writes a
 * JPEG q=60 re-encode, a 50% resize, a 90% centre crop, +15% brightness and a colour/contrast edit to a temp
 * dir, encodes everything and prints the share of near-duplicates at cosine >= threshold (TPR), and the
 * false-positive rate and distribution of cosines among the distinct photos.
 *
 * <pre>java -Dai.djl.offline=true -cp ... doppel.bench.CnnQuality [photosDir] [model.pt] [threshold]</pre>
 */
public final class CnnQuality {
    private static final String[] KINDS = {"jpeg-q60", "resize-50", "crop-90", "bright+15", "colour+contrast"};

    private CnnQuality() {
    }

    /** Runs the measurement; arguments as in the class comment. */
    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        Path photos = Path.of(args.length > 0 ? args[0] : "/work/shared/photos");
        Path model = Path.of(args.length > 1 ? args[1] : CnnEncoders.OFFLINE_MODEL);
        double thr = args.length > 2 ? Double.parseDouble(args[2]) : 0.9;
        CnnEncoders.configureEngineThreads(1);
        List<ImageFile> originals = BenchFiles.list(photos);
        Path tmp = Files.createTempDirectory("doppel-quality-");
        ImageLoader loader = new ImageLoader();
        List<String> kept = new ArrayList<>();
        for (ImageFile f : originals) {
            BufferedImage img = BenchFiles.toBuffered(loader.readRgb(f.path()));
            String base = f.relativePath().replaceAll("\\.[^.]+$", "");
            kept.add(f.relativePath());
            jpeg(img, tmp.resolve(base + ".jpeg-q60.jpg"), 0.6f);
            ImageIO.write(resize(img, img.getWidth() / 2, img.getHeight() / 2), "png",
                    tmp.resolve(base + ".resize-50.png").toFile());
            int cw = (int) (img.getWidth() * 0.9);
            int ch = (int) (img.getHeight() * 0.9);
            ImageIO.write(img.getSubimage((img.getWidth() - cw) / 2, (img.getHeight() - ch) / 2, cw, ch), "png",
                    tmp.resolve(base + ".crop-90.png").toFile());
            ImageIO.write(edit(img, 1.15, 1.0, 1.0), "png", tmp.resolve(base + ".bright+15.png").toFile());
            ImageIO.write(edit(img, 1.0, 1.2, 0.9), "png", tmp.resolve(base + ".colour+contrast.png").toFile());
        }
        try (CnnEncoder enc = CnnEncoders.create(new CnnOptions("cnn", model, null, "cpu", 32, 1,
                ImageLoader.DEFAULT_MAX_PIXELS))) {
            BenchFiles.Collect orig = new BenchFiles.Collect();
            enc.encode(originals, orig, Progress.NONE);
            BenchFiles.Collect vars = new BenchFiles.Collect();
            enc.encode(BenchFiles.list(tmp), vars, Progress.NONE);
            System.out.printf(Locale.ROOT, "%s: %d photos, threshold %.2f%n", enc.runtimeNote(), kept.size(), thr);
            Map<String, List<Double>> byKind = new LinkedHashMap<>();
            for (String name : kept) {
                Embedding a = (Embedding) orig.encoded.get(name).fingerprint();
                String base = name.replaceAll("\\.[^.]+$", "");
                for (String k : KINDS) {
                    String file = base + "." + k + (k.equals("jpeg-q60") ? ".jpg" : ".png");
                    byKind.computeIfAbsent(k, x -> new ArrayList<>())
                            .add(a.cosine((Embedding) vars.encoded.get(file).fingerprint()));
                }
            }
            int hit = 0;
            int all = 0;
            for (var e : byKind.entrySet()) {
                double[] s = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
                long h = Arrays.stream(s).filter(x -> x >= thr).count();
                hit += h;
                all += s.length;
                System.out.printf(Locale.ROOT, "  %-16s TPR %.3f  min %.3f  median %.3f%n", e.getKey(),
                        (double) h / s.length, s[0], s[s.length / 2]);
            }
            System.out.printf(Locale.ROOT, "  all near-duplicates TPR %.3f (%d/%d)%n", (double) hit / all, hit, all);
            double[] d = new double[kept.size() * (kept.size() - 1) / 2];
            int n = 0;
            for (int i = 0; i < kept.size(); i++) {
                Embedding a = (Embedding) orig.encoded.get(kept.get(i)).fingerprint();
                for (int j = i + 1; j < kept.size(); j++) {
                    d[n++] = a.cosine((Embedding) orig.encoded.get(kept.get(j)).fingerprint());
                }
            }
            Arrays.sort(d);
            long fp = Arrays.stream(d).filter(x -> x >= thr).count();
            System.out.printf(Locale.ROOT, "  distinct pairs %d: false positives %d (%.4f), median %.3f, p99 %.3f, max %.3f%n",
                    d.length, fp, (double) fp / d.length, d[d.length / 2], d[(int) (d.length * 0.99)], d[d.length - 1]);
        } finally {
            try (var s = Files.list(tmp)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(tmp);
        }
    }

    private static void jpeg(BufferedImage img, Path file, float q) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(q);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
    }

    private static BufferedImage resize(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(Math.max(1, w), Math.max(1, h), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    /** Brightness factor, saturation factor (around the pixel's grey), contrast factor (around mid-grey). */
    private static BufferedImage edit(BufferedImage img, double bright, double sat, double contrast) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                double[] c = {p >> 16 & 0xFF, p >> 8 & 0xFF, p & 0xFF};
                double grey = 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
                int v = 0;
                for (int k = 0; k < 3; k++) {
                    double t = (grey + (c[k] - grey) * sat) * bright;
                    t = 128 + (t - 128) * contrast;
                    v = v << 8 | (int) Math.max(0, Math.min(255, Math.round(t)));
                }
                out.setRGB(x, y, v);
            }
        }
        return out;
    }
}
