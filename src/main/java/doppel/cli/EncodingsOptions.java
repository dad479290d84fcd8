package doppel.cli;

import doppel.encode.EncoderSpec;
import doppel.dataset.SkippedFile;
import doppel.encodings.Encodings;
import doppel.encodings.EncodingsIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Saved encodings read (--encodings-in) and written (--encodings-out). */
final class EncodingsOptions {
    @Option(names = "--encodings-in", arity = "1..*", paramLabel = "FILE",
            description = "Saved encodings (Doppel's JSON, or imagededup's {\"file\": \"hexhash\"} map) of one or more "
                    + "datasets: files unchanged since are taken from them instead of re-encoded, and their other "
                    + "datasets are searched too. ('find' with no dataset searches them alone.)")
    List<Path> in = new ArrayList<>();

    @Option(names = "--encodings-out", paramLabel = "FILE", description = "Save the encodings of this run (JSON).")
    Path out;

    /** Reads and merges every --encodings-in file, or returns null when none was given. */
    Encodings loadIn(EncoderOptions encoder) {
        if (in.isEmpty()) {
            return null;
        }
        EncoderSpec hint = encoder.encoderGiven() ? hintFor(encoder) : null;
        List<Encodings> parts = new ArrayList<>();
        for (Path p : in) {
            parts.add(EncodingsIO.read(p, hint));
        }
        return parts.size() == 1 ? parts.get(0) : Encodings.merge(parts);
    }

    /** What a plain imagededup map (which records no encoder) is taken to be, from --encoder/--hash-size. */
    private static EncoderSpec hintFor(EncoderOptions encoder) {
        EncoderSpec.Metric metric = encoder.encoder.metric();
        return new EncoderSpec(encoder.name(), metric, 0,
                metric == EncoderSpec.Metric.COSINE ? Map.of() : Map.of("hash_size", encoder.hashSize), Map.of());
    }

    /** Refuses to reuse encodings made by a different encoder than the one this run uses. */
    static void requireComparable(Encodings saved, EncoderSpec current) {
        try {
            doppel.find.EncodeStep.requireComparable(saved, current);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().replace("the saved encodings", "--encodings-in"));
        }
    }

    /** Refuses --encoder X when searching encodings of another encoder. */
    static void requireEncoderMatches(EncoderOptions encoder, Encodings saved) {
        if (encoder.encoderGiven() && !encoder.name().equalsIgnoreCase(saved.spec().name())) {
            throw new UsageException("--encoder " + encoder.name() + " does not match the encodings, which were made by "
                    + saved.spec().describe());
        }
    }
}
