package doppel.cli;

import doppel.dataset.Dataset;
import doppel.dataset.ScanResult;
import doppel.encodings.Encodings;
import doppel.find.EncodeStep;
import doppel.progress.Progress;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@link EncodeStep} from the command-line options: the first step of every searching command. */
final class EncodingsStep {
    private EncodingsStep() {
    }

    /**
     * @param scan  finds the files on disk (called after the options are checked), or null when the run works
     *              on saved encodings only
     * @param saved merged --encodings-in, or null
     */
    static EncodeStep.Outcome run(Supplier<ScanResult> scan, Encodings saved, EncoderOptions encoderOptions,
                                  EncodingsOptions encodingsOptions, Progress progress) {
        return run(scan, saved, encoderOptions, encodingsOptions, progress, datasets -> null);
    }

    /** {@link #run} with embeddings' dihedral variants for the datasets {@code variantsFor} names only. */
    static EncodeStep.Outcome run(Supplier<ScanResult> scan, Encodings saved, EncoderOptions encoderOptions,
                                  EncodingsOptions encodingsOptions, Progress progress,
                                  Function<List<Dataset>, Set<String>> variantsFor) {
        if (scan == null) {
            if (saved == null) {
                throw new UsageException("nothing to search: give --dirs, --root, --file-list or --encodings-in");
            }
            EncodingsOptions.requireEncoderMatches(encoderOptions, saved);
        }
        try {
            return EncodeStep.run(scan, saved, scan == null ? null : encoderOptions.choiceOrSaved(saved),
                    encodingsOptions.out, progress, variantsFor);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().replace("the saved encodings", "--encodings-in"));
        }
    }
}
