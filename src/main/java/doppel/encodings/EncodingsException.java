package doppel.encodings;

/** An encodings file could not be read, written or merged; the message is one line naming the file. */
public class EncodingsException extends RuntimeException {
    public EncodingsException(String message) {
        super(message);
    }

    public EncodingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
