import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes Doppel's demo dataset (demo/A, demo/B) from freely licensed photos of ../shared/photos (listed with
 * their licences in demo/README.md). Deterministic: the same photos and JDK give the same bytes.
 *
 * <p>Usage, from the repository root: {@code java demo/MakeDemo.java ../shared/photos demo}
 */
public final class MakeDemo {
    /** Longer side of every demo image, small enough to keep the demo well under 2 MB. */
    private static final int SIDE = 360;

    /** Photos that become demo/A; the first eight also get an edited copy in demo/B. */
    private static final List<String> A = List.of(
            "p0009.jpg", "p0012.jpg", "p0019.jpg", "p0053.jpg", "p0046.jpg", "p0076.jpg", "p0063.jpg", "p0016.jpg",
            "p0014.jpg", "p0173.jpg", "p0033.jpg", "p0090.jpg", "p0107.jpg", "p0125.jpg", "p0147.jpg", "p0164.jpg");
    /** Photos that appear only in demo/B: distinct images, no duplicate anywhere. */
    private static final List<String> B_ONLY = List.of(
            "p0015.jpg", "p0022.jpg", "p0035.jpg", "p0061.jpg", "p0052.jpg", "p0057.jpg", "p0080.jpg", "p0097.jpg",
            "p0115.jpg", "p0166.jpg");

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java demo/MakeDemo.java PHOTOS_DIR OUT_DIR");
            System.exit(2);
        }
        Path photos = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path a = Files.createDirectories(out.resolve("A"));
        Path b = Files.createDirectories(out.resolve("B"));
        for (String name : A) {
            jpeg(shrink(read(photos.resolve(name)), SIDE), 0.85f, a.resolve(stem(name) + ".jpg"));
        }
        // The near-duplicates of A in B, one edit each.
        Files.copy(a.resolve("p0009.jpg"), b.resolve("p0009-copy.jpg"), StandardCopyOption.REPLACE_EXISTING);
        jpeg(read(a.resolve("p0012.jpg")), 0.5f, b.resolve("p0012-reencoded-q50.jpg"));
        jpeg(shrink(read(a.resolve("p0012.jpg")), SIDE / 2), 0.85f, b.resolve("p0012-resized-180.jpg"));
        jpeg(shrink(read(a.resolve("p0019.jpg")), SIDE * 2 / 3), 0.85f, b.resolve("p0019-resized-240.jpg"));
        jpeg(crop(read(a.resolve("p0053.jpg")), 0.04), 0.85f, b.resolve("p0053-cropped.jpg"));
        jpeg(flip(read(a.resolve("p0046.jpg"))), 0.85f, b.resolve("p0046-flipped.jpg"));
        jpeg(warm(read(a.resolve("p0076.jpg"))), 0.85f, b.resolve("p0076-warmer.jpg"));
        ImageIO.write(read(a.resolve("p0063.jpg")), "png", b.resolve("p0063-as-png.png").toFile());
        jpeg(shrink(read(a.resolve("p0016.jpg")), SIDE / 2), 0.6f, b.resolve("p0016-small-q60.jpg"));
        for (String name : B_ONLY) {
            jpeg(shrink(read(photos.resolve(name)), SIDE), 0.85f, b.resolve(stem(name) + ".jpg"));
        }
    }

    private static String stem(String name) {
        return name.substring(0, name.lastIndexOf('.'));
    }

    private static BufferedImage read(Path p) throws IOException {
        BufferedImage img = ImageIO.read(p.toFile());
        if (img == null) {
            throw new IOException("cannot decode " + p);
        }
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(img, 0, 0, null);
        return rgb;
    }

    /** Reduces the image so its longer side is {@code side}, in halving steps for a smooth result. */
    private static BufferedImage shrink(BufferedImage img, int side) {
        while (Math.max(img.getWidth(), img.getHeight()) > side) {
            double s = Math.max(0.5, (double) side / Math.max(img.getWidth(), img.getHeight()));
            int w = Math.max(1, (int) Math.round(img.getWidth() * s));
            int h = Math.max(1, (int) Math.round(img.getHeight() * s));
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, w, h, null);
            g.dispose();
            img = out;
        }
        return img;
    }

    /** Cuts {@code margin} of the width and height off every side. */
    private static BufferedImage crop(BufferedImage img, double margin) {
        int dx = (int) Math.round(img.getWidth() * margin);
        int dy = (int) Math.round(img.getHeight() * margin);
        return img.getSubimage(dx, dy, img.getWidth() - 2 * dx, img.getHeight() - 2 * dy);
    }

    /** Mirror image, left to right. */
    private static BufferedImage flip(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                out.setRGB(img.getWidth() - 1 - x, y, img.getRGB(x, y));
            }
        }
        return out;
    }

    /** A warmer, brighter colour grade: red up, blue down. */
    private static BufferedImage warm(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color c = new Color(img.getRGB(x, y));
                out.setRGB(x, y, new Color(Math.min(255, c.getRed() * 6 / 5 + 10), Math.min(255, c.getGreen() + 8),
                        c.getBlue() * 4 / 5).getRGB());
            }
        }
        return out;
    }

    private static void jpeg(BufferedImage img, float quality, Path to) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter w = writers.next();
        Files.deleteIfExists(to);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(to.toFile())) {
            w.setOutput(out);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
    }
}
