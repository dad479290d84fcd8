package doppel.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import doppel.image.ImageException;
import doppel.image.ImageLoader;
import doppel.image.OpenCvCodec;
import doppel.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Writes a labelled near-duplicate set from a folder of distinct photos, deterministically for a seed: OUT/A holds
 * originals, OUT/B/KIND/ holds edited copies (each edited photo gets {@link #EDITS_PER_PHOTO} edits of different
 * kinds, strengths drawn from a range per kind), and a share of the photos are distractors with no copy, half in
 * A and half in B. OUT/truth.json is imagededup's map of every true pair (an original and its copies are all
 * mutual duplicates), OUT/kinds.json maps each copy's key to its edit and strength. With Doppel keys the first
 * folder is the class, so {@code doppel evaluate} reports each kind as a class.
 *
 * <pre>java -cp ... doppel.bench.EditSet PHOTOS OUT [SEED]</pre>
 */
public final class EditSet {
    static final int EDITS_PER_PHOTO = 3;
    static final double DISTRACTOR_SHARE = 0.25;
    static final List<String> KINDS = List.of("jpeg", "resize", "format", "colour", "grey", "blur", "noise",
            "watermark", "crop", "border", "letterbox", "rotate", "flip", "turn");

    private EditSet() {
    }

    public static void main(String[] args) throws IOException, ImageException {
        if (args.length < 2) {
            System.err.println("usage: EditSet PHOTOS OUT [SEED]");
            System.exit(2);
        }
        Path photos = Path.of(args[0]);
        Path out = Path.of(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        if (!OpenCvCodec.available()) {
            throw new IllegalStateException("OpenCV is not available");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(photos)) {
            files = new ArrayList<>(s.filter(p -> p.getFileName().toString().matches("(?i).*\\.(jpe?g|png|webp)"))
                    .sorted().toList());
        }
        Random rnd = new Random(seed);
        Collections.shuffle(files, rnd);
        Files.createDirectories(out.resolve("A"));
        Files.createDirectories(out.resolve("B"));
        int distractors = (int) Math.round(files.size() * DISTRACTOR_SHARE);
        Map<String, List<String>> truth = new TreeMap<>();
        Map<String, String> kinds = new TreeMap<>();
        ImageLoader loader = new ImageLoader();
        int k = 0;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            String name = f.getFileName().toString();
            if (i < distractors) {
                String side = i % 2 == 0 ? "A" : "B";
                Files.copy(f, out.resolve(side).resolve(name), StandardCopyOption.REPLACE_EXISTING);
                continue;
            }
            Files.copy(f, out.resolve("A").resolve(name), StandardCopyOption.REPLACE_EXISTING);
            Mat img = toMat(loader.readRgb(f));
            List<String> group = new ArrayList<>(List.of("A/" + name));
            for (int e = 0; e < EDITS_PER_PHOTO; e++) {
                String kind = KINDS.get(k++ % KINDS.size());
                String stem = name.replaceFirst("\\.[^.]+$", "");
                Edited edited = edit(kind, img, rnd);
                Path dir = out.resolve("B").resolve(kind);
                Files.createDirectories(dir);
                String file = stem + "." + edited.ext;
                write(edited, dir.resolve(file));
                edited.mat.release();
                group.add("B/" + kind + "/" + file);
                kinds.put("B/" + kind + "/" + file, edited.label);
            }
            img.release();
            for (String a : group) {
                truth.put(a, group.stream().filter(b -> !b.equals(a)).toList());
            }
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(out.resolve("truth.json").toFile(), truth);
        json.writeValue(out.resolve("kinds.json").toFile(), kinds);
        System.out.printf("%d photos: %d edited (%d copies), %d distractors -> %s%n", files.size(),
                files.size() - distractors, kinds.size(), distractors, out);
    }

    private record Edited(Mat mat, String ext, int quality, String label) {
    }

    private static Edited edit(String kind, Mat src, Random rnd) {
        int w = src.cols();
        int h = src.rows();
        Mat m = new Mat();
        switch (kind) {
            case "jpeg" -> {
                int q = 30 + rnd.nextInt(41);
                return new Edited(src.clone(), "jpg", q, "jpeg q" + q);
            }
            case "resize" -> {
                double s = 0.3 + 0.5 * rnd.nextDouble();
                Imgproc.resize(src, m, new Size(Math.max(8, w * s), Math.max(8, h * s)), 0, 0, Imgproc.INTER_AREA);
                return new Edited(m, "jpg", 85, String.format("resize %.2f", s));
            }
            case "format" -> {
                boolean png = rnd.nextBoolean();
                return new Edited(src.clone(), png ? "png" : "webp", png ? 0 : 80, png ? "png" : "webp q80");
            }
            case "colour" -> {
                double gain = 0.75 + 0.5 * rnd.nextDouble();
                double bias = -20 + 40 * rnd.nextDouble();
                src.convertTo(m, -1, gain, bias);
                Mat hsv = new Mat();
                Imgproc.cvtColor(m, hsv, Imgproc.COLOR_RGB2HSV);
                List<Mat> ch = new ArrayList<>();
                Core.split(hsv, ch);
                double sat = 0.6 + 0.8 * rnd.nextDouble();
                ch.get(1).convertTo(ch.get(1), -1, sat, 0);
                Core.merge(ch, hsv);
                Imgproc.cvtColor(hsv, m, Imgproc.COLOR_HSV2RGB);
                hsv.release();
                return new Edited(m, "jpg", 90, String.format("contrast %.2f brightness %+.0f saturation %.2f", gain, bias, sat));
            }
            case "grey" -> {
                Mat g = new Mat();
                Imgproc.cvtColor(src, g, Imgproc.COLOR_RGB2GRAY);
                Imgproc.cvtColor(g, m, Imgproc.COLOR_GRAY2RGB);
                g.release();
                return new Edited(m, "jpg", 90, "greyscale");
            }
            case "blur" -> {
                double sigma = (1 + 2 * rnd.nextDouble()) * Math.max(w, h) / 640.0;
                Imgproc.GaussianBlur(src, m, new Size(0, 0), sigma);
                return new Edited(m, "jpg", 90, String.format("gaussian blur sigma %.1f", sigma));
            }
            case "noise" -> {
                double sd = 8 + 12 * rnd.nextDouble();
                Mat noise = new Mat(src.size(), CvType.CV_16SC3);
                Core.setRNGSeed(rnd.nextInt());
                Core.randn(noise, 0, sd);
                Mat wide = new Mat();
                src.convertTo(wide, CvType.CV_16SC3);
                Core.add(wide, noise, wide);
                wide.convertTo(m, CvType.CV_8UC3);
                noise.release();
                wide.release();
                return new Edited(m, "jpg", 90, String.format("gaussian noise sd %.0f", sd));
            }
            case "watermark" -> {
                m = src.clone();
                double scale = Math.max(w, h) / 400.0 * (0.8 + 0.6 * rnd.nextDouble());
                Mat overlay = m.clone();
                String text = "(c) doppel " + (1000 + rnd.nextInt(9000));
                Point at = new Point(w * (0.05 + 0.3 * rnd.nextDouble()), h * (0.3 + 0.6 * rnd.nextDouble()));
                Imgproc.putText(overlay, text, at, Imgproc.FONT_HERSHEY_SIMPLEX, scale,
                        new Scalar(255, 255, 255), Math.max(1, (int) (scale * 2.5)));
                Core.addWeighted(overlay, 0.6, m, 0.4, 0, m);
                overlay.release();
                return new Edited(m, "jpg", 90, "text watermark");
            }
            case "crop" -> {
                double area = 0.7 + 0.25 * rnd.nextDouble();
                double aspect = Math.exp((rnd.nextDouble() - 0.5) * 0.3);
                int cw = (int) Math.min(w, Math.round(w * Math.sqrt(area) * aspect));
                int chh = (int) Math.min(h, Math.round(w * h * area / cw));
                int x = rnd.nextInt(w - cw + 1);
                int y = rnd.nextInt(h - chh + 1);
                return new Edited(new Mat(src, new Rect(x, y, cw, chh)).clone(), "jpg", 90,
                        String.format("crop %.0f%% of area", 100.0 * cw * chh / (w * h)));
            }
            case "border" -> {
                int b = (int) Math.round(Math.max(w, h) * (0.03 + 0.12 * rnd.nextDouble()));
                int v = rnd.nextBoolean() ? 255 : rnd.nextInt(60);
                Core.copyMakeBorder(src, m, b, b, b, b, Core.BORDER_CONSTANT, new Scalar(v, v, v));
                return new Edited(m, "jpg", 90, "border " + b + " px grey " + v);
            }
            case "letterbox" -> {
                double target = rnd.nextBoolean() ? 16.0 / 9 : rnd.nextBoolean() ? 1.0 : 9.0 / 16;
                double aspect = (double) w / h;
                int top = 0;
                int left = 0;
                if (aspect > target) {
                    top = (int) Math.round((w / target - h) / 2);
                } else {
                    left = (int) Math.round((h * target - w) / 2);
                }
                if (top + left < 4) { // already that shape: bars on the other axis
                    top = h / 8;
                }
                Core.copyMakeBorder(src, m, top, top, left, left, Core.BORDER_CONSTANT, new Scalar(0, 0, 0));
                return new Edited(m, "jpg", 90, (top > 0 ? "letterbox " : "pillarbox ") + m.cols() + "x" + m.rows());
            }
            case "rotate" -> {
                double deg = (2 + 3 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
                boolean cropIn = rnd.nextBoolean();
                Mat r = Imgproc.getRotationMatrix2D(new Point(w / 2.0, h / 2.0), deg, 1);
                Imgproc.warpAffine(src, m, r, src.size(), Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT, new Scalar(0, 0, 0));
                r.release();
                if (cropIn) { // as photo editors do: the largest centred rectangle without the black corners
                    double a = Math.toRadians(Math.abs(deg));
                    double f = 1 / (Math.cos(a) + Math.max((double) w / h, (double) h / w) * Math.sin(a));
                    int cw = (int) (w * f);
                    int chh = (int) (h * f);
                    Mat c = new Mat(m, new Rect((w - cw) / 2, (h - chh) / 2, cw, chh)).clone();
                    m.release();
                    m = c;
                }
                return new Edited(m, "jpg", 90, String.format("rotate %+.1f deg%s", deg, cropIn ? " cropped" : " black corners"));
            }
            case "flip" -> {
                boolean lr = rnd.nextDouble() < 0.75;
                Core.flip(src, m, lr ? 1 : 0);
                return new Edited(m, "jpg", 90, lr ? "mirror left-right" : "flip upside down");
            }
            case "turn" -> {
                int t = rnd.nextInt(3);
                Core.rotate(src, m, t == 0 ? Core.ROTATE_90_CLOCKWISE : t == 1 ? Core.ROTATE_180 : Core.ROTATE_90_COUNTERCLOCKWISE);
                return new Edited(m, "jpg", 90, "turn " + (t + 1) * 90);
            }
            default -> throw new IllegalArgumentException(kind);
        }
    }

    private static Mat toMat(RgbImage img) {
        Mat m = new Mat(img.height(), img.width(), CvType.CV_8UC3);
        m.put(0, 0, img.rgb());
        return m;
    }

    private static void write(Edited e, Path file) throws IOException {
        Mat bgr = new Mat();
        Imgproc.cvtColor(e.mat, bgr, Imgproc.COLOR_RGB2BGR);
        MatOfInt params = switch (e.ext) {
            case "jpg" -> new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, e.quality);
            case "webp" -> new MatOfInt(Imgcodecs.IMWRITE_WEBP_QUALITY, e.quality);
            default -> new MatOfInt();
        };
        if (!Imgcodecs.imwrite(file.toString(), bgr, params)) {
            throw new IOException("cannot write " + file);
        }
        bgr.release();
    }
}
