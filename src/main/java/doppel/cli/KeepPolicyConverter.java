package doppel.cli;

import doppel.search.KeepPolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --keep}: the policy's own name, or an old alias ({@code largest}, {@code biggest}). */
final class KeepPolicyConverter implements ITypeConverter<KeepPolicy> {
    @Override
    public KeepPolicy convert(String value) {
        try {
            return KeepPolicy.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
