package doppel.cli;

import doppel.encode.EncoderRegistry;
import java.util.ListResourceBundle;
import java.util.stream.Collectors;

/**
 * Facts that help texts show but that live elsewhere (the encoder registry's default thresholds), as the resource
 * bundle of the command line: a description writes {@code ${bundle:doppel.thresholds.hashes}}, so no help text
 * keeps its own copy of a number.
 */
final class HelpValues extends ListResourceBundle {
    @Override
    protected Object[][] getContents() {
        return new Object[][] {
            {"doppel.thresholds.hashes", defaults(EncoderRegistry.Kind.PERCEPTUAL_HASH)},
            {"doppel.thresholds.embeddings", defaults(EncoderRegistry.Kind.EMBEDDING)},
        };
    }

    /** "phash 10, dhash 8, ahash 10, whash 10; ahash and whash removals verified geometrically" for one kind. */
    private static String defaults(EncoderRegistry.Kind kind) {
        String values = EncoderRegistry.ENTRIES.stream().filter(e -> e.kind() == kind)
                .map(e -> e.name() + " " + new doppel.encode.Threshold(e.threshold(), e.metric()))
                .collect(Collectors.joining(", "));
        String verified = EncoderRegistry.ENTRIES.stream().filter(e -> e.kind() == kind && e.verifyRemovals())
                .map(EncoderRegistry.Entry::name).collect(Collectors.joining(" and "));
        return verified.isEmpty() ? values : values + "; " + verified + " removals verified geometrically";
    }
}
