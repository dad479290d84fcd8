package doppel.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads format and size from the first bytes of a file, so that the pixel limit is checked before any decoder
 * allocates memory, and so that the format is judged by content rather than by file name.
 */
final class ImageHeaders {
    private ImageHeaders() {
    }

    static ImageInfo probe(byte[] b) throws ImageException {
        if (b.length == 0) {
            throw new ImageException("zero-byte file");
        }
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
            return jpeg(b);
        }
        if (startsWith(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            if (b.length < 24 || !ascii(b, 12, "IHDR")) {
                throw new ImageException("truncated PNG (no image header)");
            }
            return new ImageInfo("PNG", be32(b, 16), be32(b, 20));
        }
        if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) {
            if (b.length < 10) {
                throw new ImageException("truncated GIF (no image header)");
            }
            return new ImageInfo("GIF", le16(b, 6), le16(b, 8));
        }
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
            return webp(b);
        }
        if (ascii(b, 0, "BM") && b.length >= 26) {
            int dib = le32(b, 14);
            if (dib == 12) {
                return new ImageInfo("BMP", le16(b, 18), le16(b, 20));
            }
            return new ImageInfo("BMP", le32(b, 18), Math.abs(le32(b, 22)));
        }
        String tiff = startsWith(b, 'I', 'I', 42, 0) || startsWith(b, 'M', 'M', 0, 42) ? "TIFF" : null;
        return viaImageIo(b, tiff);
    }

    /** Other formats (TIFF, PNM, ...): ask an ImageIO reader, which reads only the header for the size. */
    private static ImageInfo viaImageIo(byte[] b, String knownFormat) throws ImageException {
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(b))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new ImageException("not an image (unknown format)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                String format = knownFormat != null ? knownFormat : reader.getFormatName().toUpperCase(Locale.ROOT);
                return new ImageInfo(format, reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (ImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageException("cannot read image header: " + ImageLoader.oneLine(e), e);
        }
    }

    /**
     * Walks the JPEG markers up to the first start-of-scan: the frame header gives the size. A file whose
     * entropy-coded data has no end-of-image marker after that scan is truncated; decoders would silently pad
     * it with grey, and PIL (so imagededup) refuses it, so it is refused here too.
     */
    private static ImageInfo jpeg(byte[] b) throws ImageException {
        int pos = 2;
        int width = -1;
        int height = -1;
        while (true) {
            while (pos < b.length && (b[pos] & 0xFF) != 0xFF) {
                pos++; // tolerate junk between segments, as libjpeg does (with a warning)
            }
            while (pos < b.length && (b[pos] & 0xFF) == 0xFF) {
                pos++;
            }
            if (pos >= b.length) {
                throw new ImageException("truncated JPEG (" + (width < 0 ? "no frame header" : "no image data") + ")");
            }
            int marker = b[pos++] & 0xFF;
            if (marker == 0xD9) {
                throw new ImageException("corrupt JPEG (end of image before any image data)");
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            if (pos + 2 > b.length) {
                throw new ImageException("truncated JPEG (in a marker segment)");
            }
            int len = be16(b, pos);
            if (len < 2) {
                throw new ImageException("corrupt JPEG (bad marker segment length)");
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof && width < 0) {
                if (pos + 7 > b.length) {
                    throw new ImageException("truncated JPEG (in the frame header)");
                }
                height = be16(b, pos + 3);
                width = be16(b, pos + 5);
            }
            if (marker == 0xDA) {
                if (width < 0) {
                    throw new ImageException("corrupt JPEG (image data before the frame header)");
                }
                int scanStart = pos + len;
                if (!hasEndMarker(b, scanStart)) {
                    throw new ImageException("truncated JPEG (no end-of-image marker)");
                }
                return new ImageInfo("JPEG", width, height);
            }
            pos += len;
        }
    }

    private static boolean hasEndMarker(byte[] b, int from) {
        for (int i = b.length - 2; i >= from; i--) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    private static ImageInfo webp(byte[] b) throws ImageException {
        if (b.length < 30) {
            throw new ImageException("truncated WEBP (no image header)");
        }
        if (ascii(b, 12, "VP8 ")) {
            return new ImageInfo("WEBP", le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
        }
        if (ascii(b, 12, "VP8L")) {
            int bits = le32(b, 21);
            return new ImageInfo("WEBP", (bits & 0x3FFF) + 1, (bits >>> 14 & 0x3FFF) + 1);
        }
        if (ascii(b, 12, "VP8X")) {
            return new ImageInfo("WEBP", le24(b, 24) + 1, le24(b, 27) + 1);
        }
        throw new ImageException("corrupt WEBP (unknown chunk)");
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] b, int off, String s) {
        if (b.length < off + s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[off + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int be16(byte[] b, int o) {
        return (b[o] & 0xFF) << 8 | b[o + 1] & 0xFF;
    }

    private static int be32(byte[] b, int o) {
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | b[o + 3] & 0xFF;
    }

    private static int le16(byte[] b, int o) {
        return b[o] & 0xFF | (b[o + 1] & 0xFF) << 8;
    }

    private static int le24(byte[] b, int o) {
        return b[o] & 0xFF | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16;
    }

    private static int le32(byte[] b, int o) {
        return le24(b, o) | (b[o + 3] & 0xFF) << 24;
    }
}
