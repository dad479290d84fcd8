package doppel.cli;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * Options whose value is one of a closed set of names: a value outside the set is refused in one line that
 * names the closest valid value and lists them all. Enums read through {@link #enumConverter} are written in
 * lower case with dashes ({@code --device cpu}, {@code --compat imagededup}).
 */
final class Choices {
    private Choices() {
    }

    /** The one-line refusal of {@code value}: "unknown WHAT 'value' (did you mean X? use one of A, B, C)". */
    static TypeConversionException unknown(String what, String value, Collection<String> valid) {
        List<String> close = closest(value.strip().toLowerCase(Locale.ROOT), valid);
        String hint = close.isEmpty() ? "" : "did you mean " + close.get(0) + "? ";
        return new TypeConversionException("unknown " + what + " '" + value + "' (" + hint + "use one of "
                + String.join(", ", valid) + ")");
    }

    /**
     * The names closest to a misspelled one, nearest first: those it begins (a prefix such as "sha"), then those
     * within a few edits (typos such as "phsh" or "--treshold"), counted by {@link OneLineErrors#editDistance}.
     */
    static List<String> closest(String typed, Collection<String> names) {
        String t = typed.strip();
        int limit = t.length() <= 2 ? 0 : Math.max(2, t.length() / 4);
        java.util.TreeMap<Integer, List<String>> byDistance = new java.util.TreeMap<>();
        for (String name : names) {
            int d = t.length() > 2 && name.startsWith(t) ? -1 : OneLineErrors.editDistance(t, name);
            if (d <= limit) {
                byDistance.computeIfAbsent(d, k -> new java.util.ArrayList<>()).add(name);
            }
        }
        return byDistance.values().stream().flatMap(List::stream).toList();
    }

    /** The command-line name of an enum constant: {@code FIRST_DIR} is {@code first-dir}. */
    static String cliName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads an enum by its {@link #cliName}, case-insensitively, refusing other values with {@link #unknown}. */
    static <E extends Enum<E>> CommandLine.ITypeConverter<E> enumConverter(Class<E> type, String what) {
        return value -> {
            for (E e : type.getEnumConstants()) {
                if (cliName(e).equalsIgnoreCase(value.strip()) || e.name().equalsIgnoreCase(value.strip())) {
                    return e;
                }
            }
            throw unknown(what, value, java.util.Arrays.stream(type.getEnumConstants()).map(Choices::cliName).toList());
        };
    }
}
