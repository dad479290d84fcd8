package doppel.cli;

import java.util.regex.Pattern;

/** Words of a command line printed for the user to copy, quoted so that a POSIX shell runs them as printed. */
final class ShellWords {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private ShellWords() {
    }

    /** {@code word} as is when the shell leaves it alone, else in single quotes. */
    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
