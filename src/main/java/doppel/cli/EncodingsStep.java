package doppel.cli;

import doppel.dataset.ScanResult;
import doppel.encode.Encoder;
import doppel.encode.EncoderChoice;
import doppel.encode.Encoders;
import doppel.encode.hash.StagedDigestEncoder;
import doppel.encodings.Encodings;
import doppel.encodings.EncodingsIO;
import doppel.pipeline.EncodePipeline;
import doppel.progress.Progress;

/**
 * The first step of every searching command: scan and encode the inputs (reusing saved encodings for
 * unchanged files), or take the saved encodings alone, and save them when asked.
 */
final class EncodingsStep {
    /** The encodings to search and what it took to get them. */
    record Outcome(Encodings encodings, int encoded, int reused, double encodeSeconds, String runtimeNote) {
    }

    private EncodingsStep() {
    }

    /**
     * @param scan  finds the files on disk (called after the options are checked), or null when the run works
     *              on saved encodings only
     * @param saved merged --encodings-in, or null
     */
    static Outcome run(java.util.function.Supplier<ScanResult> scan, Encodings saved, EncoderOptions encoderOptions, EncodingsOptions encodingsOptions,
                       Progress progress) {
        if (scan == null) {
            if (saved == null) {
                throw new UsageException("nothing to search: give --dirs, --root, --file-list or --encodings-in");
            }
            EncodingsOptions.requireEncoderMatches(encoderOptions, saved);
            return new Outcome(saved, 0, saved.images().size(), 0, "");
        }
        EncoderChoice choice = encoderOptions.choiceOrSaved(saved);
        ScanResult found = scan.get();
        long start = System.nanoTime();
        Encodings encodings;
        EncodePipeline.Outcome outcome;
        String note;
        Encoder created = Encoders.create(choice);
        // Digests that are searched and dropped need reading only the files whose size collides (as jdupes);
        // saved encodings hold every file's real digest.
        try (Encoder encoder = saved == null && encodingsOptions.out == null
                ? StagedDigestEncoder.wrapForSearchOnly(created) : created) {
            EncodingsOptions.requireComparable(saved, encoder.spec());
            outcome = EncodePipeline.run(found.datasets(), found.files(), found.skipped(), encoder, saved, progress);
            encodings = EncodingsOptions.withUnscannedDatasets(outcome.encodings(), saved);
            note = encoder.runtimeNote();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (encodingsOptions.out != null) {
            EncodingsIO.write(encodings, encodingsOptions.out);
        }
        return new Outcome(encodings, outcome.encoded(), outcome.reused(), seconds, note);
    }

    /** "encode 3.1 s, 412 images/s" or "encode -" when everything was reused. */
    static String describeTime(Outcome o) {
        return o.encoded() > 0
                ? String.format("encode %.1f s, %.0f images/s", o.encodeSeconds(), o.encoded() / Math.max(o.encodeSeconds(), 1e-9))
                : "encode -";
    }
}
