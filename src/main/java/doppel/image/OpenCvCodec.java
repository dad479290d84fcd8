package doppel.image;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * OpenCV's decoders, loaded on first use (loading the native library takes about half a second, which
 * runs that do not decode, like digests, should not pay). Used for libjpeg's DCT-domain reduced decoding
 * and for libpng/libwebp decoding, which give the same pixels as PIL's decoders.
 */
public final class OpenCvCodec {
    private OpenCvCodec() {
    }

    /** Holder idiom: the JVM runs the static initialiser once, thread-safely, on first access. */
    private static final class Native {
        static final boolean AVAILABLE = load();

        private static boolean load() {
            try {
                doppel.io.NativeLoad.announce();
                nu.pattern.OpenCV.loadLocally();
                return true;
            } catch (Throwable e) {
                return false;
            }
        }
    }

    /** Loads OpenCV's native library on first call; false when it cannot be loaded on this platform. */
    public static boolean available() {
        return Native.AVAILABLE;
    }

    /** Reduced-size decode flags for factors 1, 2, 4, 8; EXIF orientation ignored (as imagededup does). */
    static int flags(boolean color, int factor) {
        int base = switch (factor) {
            case 1 -> color ? Imgcodecs.IMREAD_COLOR : Imgcodecs.IMREAD_GRAYSCALE;
            case 2 -> color ? Imgcodecs.IMREAD_REDUCED_COLOR_2 : Imgcodecs.IMREAD_REDUCED_GRAYSCALE_2;
            case 4 -> color ? Imgcodecs.IMREAD_REDUCED_COLOR_4 : Imgcodecs.IMREAD_REDUCED_GRAYSCALE_4;
            case 8 -> color ? Imgcodecs.IMREAD_REDUCED_COLOR_8 : Imgcodecs.IMREAD_REDUCED_GRAYSCALE_8;
            default -> throw new IllegalArgumentException("reduction factor " + factor);
        };
        return base | Imgcodecs.IMREAD_IGNORE_ORIENTATION;
    }

    /** Decodes to RGB, or returns null when OpenCV cannot read the data. */
    static RgbImage decodeRgb(byte[] data, int factor) {
        Mat m = decode(data, flags(true, factor));
        if (m == null) {
            return null;
        }
        try {
            if (m.type() != CvType.CV_8UC3) {
                return null;
            }
            int w = m.cols();
            int h = m.rows();
            byte[] px = new byte[w * h * 3];
            m.get(0, 0, px);
            for (int i = 0; i < px.length; i += 3) {
                byte blue = px[i];
                px[i] = px[i + 2];
                px[i + 2] = blue;
            }
            return new RgbImage(w, h, px);
        } finally {
            m.release();
        }
    }

    /**
     * Decodes 8-bit colour with the file's alpha channel (null when it has none), or returns null when OpenCV
     * cannot or gives another layout (16 bits): the colours are those {@link #decodeRgb} gives at full size, since
     * libpng and libwebp only add the alpha samples (and a grey file's one sample is what it repeats as R, G, B).
     */
    static AlphaImage decodeRgba(byte[] data) {
        Mat m = decode(data, Imgcodecs.IMREAD_UNCHANGED | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
        if (m == null) {
            return null;
        }
        try {
            int type = m.type();
            int channels = type == CvType.CV_8UC4 ? 4 : type == CvType.CV_8UC3 ? 3 : type == CvType.CV_8UC1 ? 1 : 0;
            if (channels == 0) {
                return null;
            }
            int pixels = m.cols() * m.rows();
            byte[] px = new byte[pixels * channels];
            m.get(0, 0, px);
            byte[] rgb = new byte[pixels * 3];
            byte[] alpha = channels == 4 ? new byte[pixels] : null;
            for (int i = 0, o = 0; i < pixels; i++, o += channels) {
                rgb[3 * i] = px[o + Math.min(2, channels - 1)];
                rgb[3 * i + 1] = px[o + Math.min(1, channels - 1)];
                rgb[3 * i + 2] = px[o];
                if (alpha != null) {
                    alpha[i] = px[o + 3];
                }
            }
            return new AlphaImage(new RgbImage(m.cols(), m.rows(), rgb), alpha);
        } finally {
            m.release();
        }
    }

    /** Decodes to 8-bit grey (for JPEG: the luma channel only), or returns null when OpenCV cannot. */
    static GrayImage decodeGray(byte[] data, int factor) {
        Mat m = decode(data, flags(false, factor));
        if (m == null) {
            return null;
        }
        try {
            if (m.type() != CvType.CV_8UC1) {
                return null;
            }
            byte[] px = new byte[m.cols() * m.rows()];
            m.get(0, 0, px);
            return new GrayImage(m.cols(), m.rows(), px);
        } finally {
            m.release();
        }
    }

    private static Mat decode(byte[] data, int flags) {
        if (!available()) {
            return null;
        }
        MatOfByte buf = new MatOfByte(data);
        try {
            Mat m = Imgcodecs.imdecode(buf, flags);
            if (m.empty()) {
                m.release();
                return null;
            }
            return m;
        } finally {
            buf.release();
        }
    }
}
