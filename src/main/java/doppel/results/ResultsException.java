package doppel.results;

/**
 * A results or duplicates file that cannot be used: missing, unreadable, not JSON, or not in a known
 * format; also a key or option that the file does not know. The message is one line and names the file.
 */
public class ResultsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ResultsException(String message) {
        super(message);
    }

    public ResultsException(String message, Throwable cause) {
        super(message, cause);
    }
}
