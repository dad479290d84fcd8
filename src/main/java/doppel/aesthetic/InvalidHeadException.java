package doppel.aesthetic;

import java.io.IOException;

/** An aesthetic head file that cannot be used; the message is one line and names the file. */
public class InvalidHeadException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidHeadException(String message) {
        super(message);
    }
}
