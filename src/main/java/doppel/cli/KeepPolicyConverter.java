package doppel.cli;

import doppel.search.KeepPolicy;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;

/**
 * Reads {@code --keep}: the policy's own name, or an old alias ({@code largest}, {@code biggest}); other values are
 * refused in one line with the closest name. Also the option's completion candidates. Public for the Spark
 * command line, which reads the same option.
 */
public final class KeepPolicyConverter implements ITypeConverter<KeepPolicy>, Iterable<String> {
    @Override
    public KeepPolicy convert(String value) {
        try {
            return KeepPolicy.parse(value);
        } catch (IllegalArgumentException e) {
            throw Choices.unknown("keep policy", value, names());
        }
    }

    @Override
    public Iterator<String> iterator() {
        return names().iterator();
    }

    private static java.util.List<String> names() {
        return Arrays.stream(KeepPolicy.values()).map(KeepPolicy::cliName).toList();
    }
}
