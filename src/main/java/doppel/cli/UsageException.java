package doppel.cli;

/** Arguments that parse but do not make sense together; shown as a one-line error with a hint. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
