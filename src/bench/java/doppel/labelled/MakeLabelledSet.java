package doppel.labelled;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes a labelled near-duplicate set from a folder of distinct photos, deterministically for a seed:
 * {@code OUT/A} and {@code OUT/B}, the true pairs as an imagededup map {@code OUT/truth.json} (for
 * {@code doppel evaluate} and the calibration), and {@code OUT/kinds.json}: for every edited copy, the
 * original it was made from, the source photo and the edit (kind and strength).
 *
 * <p>Photos are split by {@code --photos even|odd|all} (position in name order), so one half can calibrate
 * and the other confirm. Of the chosen photos, a quarter (by the seed) are distractors: copied once, into A
 * or B, with no duplicate. Every other photo is an original in A with {@code --edits} copies (default 6),
 * each with one edit drawn in turn from the edit list below; about 70% of copies go to B, the rest to A.
 * Every two images of one family (original and its copies) are a true pair.
 *
 * <p>Run: {@code scripts/make-labelled-set OUT [--seed N] [--photos even|odd|all] [--edits N] [--src DIR]}.
 * Not part of the shipped jar.
 */
public final class MakeLabelledSet {
    /** One edit: a kind (the breakdown's unit), a strength label, and the change itself. */
    record Edit(String kind, String strength, String format, Op op) {
    }

    interface Op {
        BufferedImage apply(BufferedImage in, Random rnd);
    }

    private static final List<Edit> EDITS = List.of(
            new Edit("jpeg", "q90", "jpg90", (in, r) -> in),
            new Edit("jpeg", "q60", "jpg60", (in, r) -> in),
            new Edit("jpeg", "q30", "jpg30", (in, r) -> in),
            new Edit("resize", "75%", "jpg90", (in, r) -> scale(in, 0.75)),
            new Edit("resize", "50%", "jpg90", (in, r) -> scale(in, 0.5)),
            new Edit("resize", "25%", "jpg90", (in, r) -> scale(in, 0.25)),
            new Edit("brightness", "+15%", "jpg90", (in, r) -> colour(in, 1.15f, 0, 1f)),
            new Edit("brightness", "-25%", "jpg90", (in, r) -> colour(in, 0.75f, 0, 1f)),
            new Edit("contrast", "x1.3", "jpg90", (in, r) -> colour(in, 1.3f, -0.15f * 255, 1f)),
            new Edit("saturation", "x1.5", "jpg90", (in, r) -> colour(in, 1f, 0, 1.5f)),
            new Edit("blur", "r1", "jpg90", (in, r) -> blur(in, 1)),
            new Edit("blur", "r3", "jpg90", (in, r) -> blur(in, 3)),
            new Edit("noise", "sigma6", "jpg90", (in, r) -> noise(in, 6, r)),
            new Edit("noise", "sigma16", "jpg90", (in, r) -> noise(in, 16, r)),
            new Edit("watermark", "small", "jpg90", (in, r) -> watermark(in, 0.05, r)),
            new Edit("watermark", "large", "jpg90", (in, r) -> watermark(in, 0.12, r)),
            new Edit("format", "png", "png", (in, r) -> in),
            new Edit("crop", "95%", "jpg90", (in, r) -> crop(in, 0.95, r)),
            new Edit("crop", "85%", "jpg90", (in, r) -> crop(in, 0.85, r)),
            new Edit("crop", "70%", "jpg90", (in, r) -> crop(in, 0.70, r)),
            new Edit("border", "4%", "jpg90", (in, r) -> border(in, 0.04, Color.WHITE)),
            new Edit("border", "10%", "jpg90", (in, r) -> border(in, 0.10, Color.BLACK)),
            new Edit("letterbox", "16:9", "jpg90", (in, r) -> pad(in, 16.0 / 9)),
            new Edit("letterbox", "1:1", "jpg90", (in, r) -> pad(in, 1.0)),
            new Edit("flip", "horizontal", "jpg90", (in, r) -> transform(in, 0, true)),
            new Edit("flip", "vertical", "jpg90", (in, r) -> transform(in, 2, true)),
            new Edit("rotate90", "90", "jpg90", (in, r) -> transform(in, 1, false)),
            new Edit("rotate90", "180", "jpg90", (in, r) -> transform(in, 2, false)),
            new Edit("rotate90", "270", "jpg90", (in, r) -> transform(in, 3, false)),
            new Edit("rotate", "2deg", "jpg90", (in, r) -> rotate(in, 2)),
            new Edit("rotate", "5deg", "jpg90", (in, r) -> rotate(in, 5)),
            new Edit("greyscale", "", "jpg90", (in, r) -> grey(in)));

    private MakeLabelledSet() {
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        long seed = 1;
        String photos = "all";
        int edits = 6;
        Path src = Path.of("../shared/photos");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--photos" -> photos = args[++i];
                case "--edits" -> edits = Integer.parseInt(args[++i]);
                case "--src" -> src = Path.of(args[++i]);
                default -> {
                    if (args[i].startsWith("-") || out != null) {
                        usage("unknown argument " + args[i]);
                    }
                    out = Path.of(args[i]);
                }
            }
        }
        if (out == null || !List.of("even", "odd", "all").contains(photos) || edits < 1) {
            usage("give OUT; --photos is even, odd or all; --edits at least 1");
        }
        if (Files.exists(out) && (!Files.isDirectory(out) || Files.list(out).findAny().isPresent())) {
            usage(out + " exists and is not empty");
        }
        List<Path> sources = pick(src, photos);
        if (sources.isEmpty()) {
            usage("no photos in " + src);
        }
        Random rnd = new Random(seed);
        List<Path> shuffled = new ArrayList<>(sources);
        Collections.shuffle(shuffled, rnd);
        int distractors = shuffled.size() / 4;
        Files.createDirectories(out.resolve("A"));
        Files.createDirectories(out.resolve("B"));
        Map<String, List<String>> truth = new TreeMap<>();
        Map<String, Map<String, String>> kinds = new TreeMap<>();
        int next = rnd.nextInt(EDITS.size());
        int files = 0;
        for (int p = 0; p < shuffled.size(); p++) {
            Path photo = shuffled.get(p);
            BufferedImage img = rgb(ImageIO.read(photo.toFile()));
            if (img == null) {
                usage("cannot read " + photo);
            }
            String stem = String.format(Locale.ROOT, "%03d", p);
            String ext = photo.getFileName().toString().replaceAll(".*\\.", "").toLowerCase(Locale.ROOT);
            if (p < distractors) {
                String key = (rnd.nextBoolean() ? "A" : "B") + "/x" + stem + "." + ext;
                Files.copy(photo, out.resolve(key));
                truth.put(key, List.of());
                files++;
                continue;
            }
            String original = "A/o" + stem + "." + ext;
            Files.copy(photo, out.resolve(original));
            List<String> family = new ArrayList<>(List.of(original));
            for (int e = 0; e < edits; e++) {
                Edit edit = EDITS.get(next);
                next = (next + 1 + rnd.nextInt(3)) % EDITS.size();
                if (edit.kind().equals("format") && !ext.equals("jpg")) {
                    edit = new Edit("format", ext + "-to-jpeg", "jpg90", edit.op());
                }
                String dir = rnd.nextDouble() < 0.7 ? "B" : "A";
                String name = dir + "/o" + stem + "_" + e + "_" + edit.kind()
                        + (edit.format().equals("png") ? ".png" : ".jpg");
                write(edit.op().apply(img, rnd), edit.format(), out.resolve(name));
                family.add(name);
                Map<String, String> info = new TreeMap<>();
                info.put("original", original);
                info.put("source", photo.getFileName().toString());
                info.put("kind", edit.kind());
                info.put("strength", edit.strength());
                kinds.put(name, info);
            }
            for (String member : family) {
                truth.put(member, family.stream().filter(m -> !m.equals(member)).toList());
            }
            files += family.size();
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(out.resolve("truth.json").toFile(), truth);
        ObjectNode meta = json.createObjectNode();
        meta.put("seed", seed).put("photos", photos).put("edits", edits).put("files", files)
                .put("families", shuffled.size() - distractors).put("distractors", distractors);
        meta.set("kinds", json.valueToTree(kinds));
        json.writeValue(out.resolve("kinds.json").toFile(), meta);
        System.out.println("make-labelled-set: " + files + " files (" + (shuffled.size() - distractors)
                + " families, " + distractors + " distractors) in " + out);
    }

    private static void usage(String why) {
        System.err.println("make-labelled-set: " + why
                + "\nusage: make-labelled-set OUT [--seed N] [--photos even|odd|all] [--edits N] [--src DIR]");
        System.exit(1);
    }

    private static List<Path> pick(Path src, String photos) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.list(src)) {
            all = s.filter(f -> f.getFileName().toString().matches("(?i).*\\.(jpe?g|png|webp)")).sorted().toList();
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (photos.equals("all") || (i % 2 == 0) == photos.equals("even")) {
                out.add(all.get(i));
            }
        }
        return out;
    }

    private static BufferedImage rgb(BufferedImage in) {
        if (in == null) {
            return null;
        }
        BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, in.getWidth(), in.getHeight());
        g.drawImage(in, 0, 0, null);
        g.dispose();
        return out;
    }

    private static Graphics2D smooth(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    private static BufferedImage scale(BufferedImage in, double f) {
        int w = Math.max(8, (int) Math.round(in.getWidth() * f));
        int h = Math.max(8, (int) Math.round(in.getHeight() * f));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = smooth(out);
        g.drawImage(in.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return out;
    }

    /** Per channel {@code v * gain + offset}, after moving saturation by {@code sat} around the pixel's grey. */
    private static BufferedImage colour(BufferedImage in, float gain, float offset, float sat) {
        BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < in.getHeight(); y++) {
            for (int x = 0; x < in.getWidth(); x++) {
                int p = in.getRGB(x, y);
                float r = p >> 16 & 255;
                float gr = p >> 8 & 255;
                float b = p & 255;
                float grey = 0.299f * r + 0.587f * gr + 0.114f * b;
                out.setRGB(x, y, pack(grey + (r - grey) * sat, grey + (gr - grey) * sat, grey + (b - grey) * sat, gain, offset));
            }
        }
        return out;
    }

    private static int pack(float r, float g, float b, float gain, float offset) {
        return clamp(r * gain + offset) << 16 | clamp(g * gain + offset) << 8 | clamp(b * gain + offset);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static BufferedImage blur(BufferedImage in, int radius) {
        int size = 2 * radius + 1;
        float[] k = new float[size * size];
        java.util.Arrays.fill(k, 1f / k.length);
        BufferedImage padded = extend(in, radius);
        BufferedImage blurred = new ConvolveOp(new Kernel(size, size, k), ConvolveOp.EDGE_NO_OP, null).filter(padded, null);
        return blurred.getSubimage(radius, radius, in.getWidth(), in.getHeight());
    }

    /** The image with its edge pixels repeated {@code r} times around it (so a blur has no dark rim). */
    private static BufferedImage extend(BufferedImage in, int r) {
        int w = in.getWidth();
        int h = in.getHeight();
        BufferedImage out = new BufferedImage(w + 2 * r, h + 2 * r, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h + 2 * r; y++) {
            for (int x = 0; x < w + 2 * r; x++) {
                out.setRGB(x, y, in.getRGB(Math.min(w - 1, Math.max(0, x - r)), Math.min(h - 1, Math.max(0, y - r))));
            }
        }
        return out;
    }

    private static BufferedImage noise(BufferedImage in, double sigma, Random rnd) {
        BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < in.getHeight(); y++) {
            for (int x = 0; x < in.getWidth(); x++) {
                int p = in.getRGB(x, y);
                out.setRGB(x, y, clamp((p >> 16 & 255) + rnd.nextGaussian() * sigma) << 16
                        | clamp((p >> 8 & 255) + rnd.nextGaussian() * sigma) << 8
                        | clamp((p & 255) + rnd.nextGaussian() * sigma));
            }
        }
        return out;
    }

    private static BufferedImage watermark(BufferedImage in, double height, Random rnd) {
        BufferedImage out = copy(in);
        Graphics2D g = smooth(out);
        int px = Math.max(8, (int) (in.getHeight() * height));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, px));
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.6f));
        g.setColor(Color.WHITE);
        String text = "(c) doppel " + (2000 + rnd.nextInt(25));
        int x = (int) (in.getWidth() * 0.05);
        int y = rnd.nextBoolean() ? in.getHeight() - px / 2 : px + px / 4;
        g.drawString(text, x, y);
        g.dispose();
        return out;
    }

    private static BufferedImage crop(BufferedImage in, double area, Random rnd) {
        double side = Math.sqrt(area);
        int w = (int) Math.round(in.getWidth() * side);
        int h = (int) Math.round(in.getHeight() * side);
        int x = rnd.nextInt(in.getWidth() - w + 1);
        int y = rnd.nextInt(in.getHeight() - h + 1);
        return copy(in.getSubimage(x, y, w, h));
    }

    private static BufferedImage border(BufferedImage in, double fraction, Color colour) {
        int b = Math.max(1, (int) Math.round(Math.min(in.getWidth(), in.getHeight()) * fraction));
        return onCanvas(in, in.getWidth() + 2 * b, in.getHeight() + 2 * b, colour);
    }

    /** Letterbox or pillarbox (black bars) to the aspect ratio {@code ratio} = width / height. */
    private static BufferedImage pad(BufferedImage in, double ratio) {
        int w = in.getWidth();
        int h = in.getHeight();
        if ((double) w / h < ratio) {
            w = (int) Math.round(h * ratio);
        } else {
            h = (int) Math.round(w / ratio);
        }
        if (w == in.getWidth() && h == in.getHeight()) {
            h += h / 4; // already that shape: bars top and bottom all the same
        }
        return onCanvas(in, w, h, Color.BLACK);
    }

    private static BufferedImage onCanvas(BufferedImage in, int w, int h, Color colour) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.drawImage(in, (w - in.getWidth()) / 2, (h - in.getHeight()) / 2, null);
        g.dispose();
        return out;
    }

    /** {@code quarters} clockwise quarter turns, then (when {@code mirror}) a left-right flip. */
    private static BufferedImage transform(BufferedImage in, int quarters, boolean mirror) {
        int w = in.getWidth();
        int h = in.getHeight();
        boolean swap = quarters % 2 == 1;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int nx = switch (quarters) {
                    case 1 -> h - 1 - y;
                    case 2 -> w - 1 - x;
                    case 3 -> y;
                    default -> x;
                };
                int ny = switch (quarters) {
                    case 1 -> x;
                    case 2 -> h - 1 - y;
                    case 3 -> w - 1 - x;
                    default -> y;
                };
                if (mirror) {
                    nx = out.getWidth() - 1 - nx;
                }
                out.setRGB(nx, ny, in.getRGB(x, y));
            }
        }
        return out;
    }

    /** A small rotation about the centre on a canvas of the same size (corners filled black). */
    private static BufferedImage rotate(BufferedImage in, double degrees) {
        BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = smooth(out);
        g.setTransform(AffineTransform.getRotateInstance(Math.toRadians(degrees), in.getWidth() / 2.0, in.getHeight() / 2.0));
        g.drawImage(in, 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage grey(BufferedImage in) {
        return colour(in, 1f, 0, 0f);
    }

    private static BufferedImage copy(BufferedImage in) {
        BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(in, 0, 0, null);
        g.dispose();
        return out;
    }

    /** Writes PNG ({@code png}) or baseline JPEG at the quality in {@code jpgNN}. */
    private static void write(BufferedImage img, String format, Path file) throws IOException {
        if (format.equals("png")) {
            ImageIO.write(img, "png", file.toFile());
            return;
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(Integer.parseInt(format.substring(3)) / 100f);
        try (ImageOutputStream os = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            writer.setOutput(os);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
