package doppel.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files for the encoders. Thread-safe. Every failure is an {@link ImageException} with a
 * one-line reason; nothing else escapes for a bad file.
 *
 * <p>A file is read into memory once, its format is judged by content (never by extension), and its header is
 * checked against the pixel limit before any pixels are decoded. Pixels then come from OpenCV (libjpeg-turbo,
 * libpng, libwebp: the same libraries PIL uses, so the same pixels as imagededup sees), with ImageIO plus the
 * TwelveMonkeys plugins as the fallback for what OpenCV cannot read (GIF, unusual variants). EXIF orientation
 * is never applied, as in imagededup; alpha is dropped without compositing, as PIL's
 * {@code convert('RGBA').convert('RGB')} does ({@link #decodeGrayViewsAtLeast} also gives the picture over white).
 *
 * <p>JPEGs can be decoded at 1/2, 1/4 or 1/8 size in the DCT domain, which is several times faster for big
 * photos; the {@code AtLeast} methods choose the smallest such size that still covers what the caller needs.
 */
public final class ImageLoader {
    /** Default pixel limit, the same as PIL's decompression-bomb error threshold (2 x 89,478,485). */
    public static final long DEFAULT_MAX_PIXELS = 178_956_970L;

    static {
        ImageIO.setUseCache(false);
    }

    private final long maxPixels;

    public ImageLoader(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("--max-pixels must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    public ImageLoader() {
        this(DEFAULT_MAX_PIXELS);
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** Reads a whole file; a missing, unreadable or empty file is an {@link ImageException}. */
    public static byte[] readBytes(Path file) throws ImageException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageException("unreadable file: no such file", e);
        } catch (IOException | OutOfMemoryError e) {
            throw new ImageException("unreadable file: " + oneLine(e), e);
        }
        if (data.length == 0) {
            throw new ImageException("zero-byte file");
        }
        return data;
    }

    /**
     * Reads format and size from the header and refuses files over the pixel limit, without decoding pixels.
     *
     * @throws ImageException for an empty, unknown, truncated or oversized image
     */
    public ImageInfo probe(byte[] data) throws ImageException {
        ImageInfo info = ImageHeaders.probe(data);
        if (info.width() <= 0 || info.height() <= 0) {
            throw new ImageException("corrupt " + info.format() + " header (size " + info.width() + "x" + info.height() + ")");
        }
        if (info.pixels() > maxPixels) {
            throw new ImageException("refused: " + info.width() + "x" + info.height() + " is over the pixel limit of "
                    + maxPixels + " (--max-pixels)");
        }
        return info;
    }

    /** Decodes the whole image at full resolution as 8-bit RGB (alpha dropped). */
    public RgbImage readRgb(Path file) throws ImageException {
        byte[] data = readBytes(file);
        return decodeRgb(data, probe(data));
    }

    /**
     * Decodes the image at a size whose shorter side is at least {@code minSide} where the file allows it,
     * possibly smaller than full resolution (JPEG only; much faster for large files). The aspect ratio is kept.
     */
    public RgbImage readRgbAtLeast(Path file, int minSide) throws ImageException {
        byte[] data = readBytes(file);
        return decodeRgbAtLeast(data, probe(data), minSide);
    }

    /**
     * Decodes the image as 8-bit grey at a size of at least {@code minW x minH} where the file allows it. For
     * JPEG this is the luma channel decoded at 1/2, 1/4 or 1/8 size; other formats are decoded fully and
     * converted with PIL's 'L' weights.
     */
    public GrayImage readGrayAtLeast(Path file, int minW, int minH) throws ImageException {
        byte[] data = readBytes(file);
        return decodeGrayAtLeast(data, probe(data), minW, minH);
    }

    /** Full-resolution RGB from bytes already probed with {@link #probe}. */
    public RgbImage decodeRgb(byte[] data, ImageInfo info) throws ImageException {
        return decodeRgbReduced(data, info, 1);
    }

    /** Like {@link #readRgbAtLeast} for bytes already probed with {@link #probe}. */
    public RgbImage decodeRgbAtLeast(byte[] data, ImageInfo info, int minSide) throws ImageException {
        return decodeRgbReduced(data, info, reduction(info, minSide, minSide));
    }

    /** Like {@link #readGrayAtLeast} for bytes already probed with {@link #probe}. */
    public GrayImage decodeGrayAtLeast(byte[] data, ImageInfo info, int minW, int minH) throws ImageException {
        return decodeGrayCovering(data, info, minW, minH).image();
    }

    /**
     * A grey decode and the region of it that the picture covers, the box to resize (Pillow's {@code draft} box).
     * A JPEG decoded at 1/k has ceil(W/k) x ceil(H/k) pixels, and the last column and row stand for only part of a
     * k-pixel block; resizing the whole of it would stretch the picture by up to (k-1)/k of a pixel, which moves a
     * sharp border across the hash input's pixels (up to 106 grey levels off imagededup's at pHash's 32x32).
     *
     * @param image   the decode, as {@link #decodeGrayAtLeast} gives it
     * @param picture the part of {@code image} that shows the picture: (0, 0, W/k, H/k), or the whole image
     */
    public record GrayDecode(GrayImage image, PilLanczos.Box picture) {
    }

    /** Like {@link #decodeGrayAtLeast}, with the region of the decode that the picture covers. */
    public GrayDecode decodeGrayCovering(byte[] data, ImageInfo info, int minW, int minH) throws ImageException {
        if (info.isJpeg()) {
            int k = reduction(info, minW, minH);
            GrayImage g = guard(() -> OpenCvCodec.decodeGray(data, k));
            if (g != null) {
                boolean asHeaderSays = g.width() == (info.width() + k - 1) / k && g.height() == (info.height() + k - 1) / k;
                return new GrayDecode(g, asHeaderSays
                        ? new PilLanczos.Box(0, 0, info.width() / (double) k, info.height() / (double) k)
                        : PilLanczos.Box.whole(g.width(), g.height()));
            }
        }
        GrayImage g = PilLanczos.toGray(decodeRgb(data, info));
        return new GrayDecode(g, PilLanczos.Box.whole(g.width(), g.height()));
    }

    /**
     * Like {@link #decodeGrayAtLeast}, and for an image with transparent pixels also the image composited onto white,
     * from the same decode: a JPEG has no alpha and is decoded as there; PNG and WebP are decoded once with their
     * alpha channel (which gives the same colours as decoding without it); GIF, and what OpenCV cannot read, come
     * from ImageIO with alpha. Other formats are taken as opaque.
     */
    public GrayViews decodeGrayViewsAtLeast(byte[] data, ImageInfo info, int minW, int minH) throws ImageException {
        if (!MAY_HAVE_ALPHA.contains(info.format())) {
            return new GrayViews(decodeGrayAtLeast(data, info, minW, minH), null);
        }
        AlphaImage img = decodeWithAlpha(data, info);
        return new GrayViews(PilLanczos.toGray(img.rgb()), img.transparent() ? PilLanczos.toGray(img.overWhite()) : null);
    }

    /** Formats whose files can hold transparent pixels and whose alpha {@link #decodeWithAlpha} reads. */
    private static final Set<String> MAY_HAVE_ALPHA = Set.of("PNG", "WEBP", "GIF");

    private AlphaImage decodeWithAlpha(byte[] data, ImageInfo info) throws ImageException {
        if (!"GIF".equals(info.format())) {
            AlphaImage img = guard(() -> OpenCvCodec.decodeRgba(data));
            if (img != null) {
                return img;
            }
            RgbImage opaque = guard(() -> OpenCvCodec.decodeRgb(data, 1));
            if (opaque != null) {
                return new AlphaImage(opaque, null); // a layout decodeRgba leaves out (16 bits): taken as opaque
            }
        }
        BufferedImage img = decodeWithImageIo(data, info);
        return new AlphaImage(toRgb(img), img.getColorModel().hasAlpha() ? alphaOf(img) : null);
    }

    /** The alpha samples of an image with an alpha channel or a transparent palette entry, scaled to 8 bits. */
    private static byte[] alphaOf(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h];
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (byte) (argb[x] >>> 24);
            }
        }
        return out;
    }

    /** Largest JPEG reduction (8, 4, 2) that keeps both sides at least the given size; 1 otherwise. */
    static int reduction(ImageInfo info, int minW, int minH) {
        if (!info.isJpeg()) {
            return 1;
        }
        for (int k = 8; k > 1; k /= 2) {
            if ((info.width() + k - 1) / k >= minW && (info.height() + k - 1) / k >= minH) {
                return k;
            }
        }
        return 1;
    }

    private RgbImage decodeRgbReduced(byte[] data, ImageInfo info, int factor) throws ImageException {
        if (!"GIF".equals(info.format())) {
            RgbImage img = guard(() -> OpenCvCodec.decodeRgb(data, factor));
            if (img != null) {
                return img;
            }
        }
        return toRgb(decodeWithImageIo(data, info));
    }

    private interface Decode<T> {
        T run();
    }

    /** Runs a native decode, turning out-of-memory and native errors into one-line reasons. */
    private static <T> T guard(Decode<T> decode) throws ImageException {
        try {
            return decode.run();
        } catch (OutOfMemoryError e) {
            throw new ImageException("out of memory while decoding", e);
        } catch (RuntimeException e) {
            return null; // OpenCV refused it; ImageIO gets a try and gives the reason if it fails too
        }
    }

    private BufferedImage decodeWithImageIo(byte[] data, ImageInfo info) throws ImageException {
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new ImageException("cannot decode " + info.format() + ": no decoder for this variant");
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
        } catch (OutOfMemoryError e) {
            throw new ImageException("out of memory while decoding", e);
        } catch (IOException | RuntimeException e) {
            throw new ImageException("cannot decode " + info.format() + ": " + oneLine(e), e);
        }
    }

    /**
     * Converts any BufferedImage to 8-bit RGB. Grey images (with or without alpha, 8 or 16 bits) are read from
     * the raster, because getRGB would convert them from linear to sRGB and brighten them.
     */
    static RgbImage toRgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * 3];
        if (img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            Raster raster = img.getRaster();
            int shift = raster.getTransferType() == DataBuffer.TYPE_USHORT ? 8 : 0;
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    out[o] = out[o + 1] = out[o + 2] = (byte) (row[x] >>> shift);
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
