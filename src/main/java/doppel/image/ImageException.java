package doppel.image;

import java.io.IOException;

/**
 * A file that cannot be used as an image. The message is the one-line reason shown to the user
 * (zero-byte file, unknown format, truncated data, over the pixel limit, ...).
 */
public class ImageException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageException(String reason) {
        super(reason);
    }

    public ImageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
