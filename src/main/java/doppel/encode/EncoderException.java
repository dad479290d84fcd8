package doppel.encode;

/** The encoder itself cannot work (missing model, engine failure); one bad image never throws this. */
public class EncoderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EncoderException(String message) {
        super(message);
    }

    public EncoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
