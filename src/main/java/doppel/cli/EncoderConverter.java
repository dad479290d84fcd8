package doppel.cli;

import doppel.encode.EncoderRegistry;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;

/**
 * Reads {@code --encoder NAME} as the {@link EncoderRegistry} entry it names, case-insensitively; an unknown
 * name is refused in one line with the closest name and the valid ones. Also the option's completion
 * candidates, so help texts, shell completion and the check all take the names from the registry.
 * Public for the Spark command line, which reads the same option.
 */
public final class EncoderConverter implements ITypeConverter<EncoderRegistry.Entry>, Iterable<String> {
    @Override
    public EncoderRegistry.Entry convert(String value) {
        if (!EncoderRegistry.isKnown(value)) {
            throw Choices.unknown("encoder", value, EncoderRegistry.names());
        }
        return EncoderRegistry.get(value);
    }

    @Override
    public Iterator<String> iterator() {
        return EncoderRegistry.names().iterator();
    }
}
