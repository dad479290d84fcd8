package doppel.cli;

import doppel.dataset.ScanResult;
import doppel.encode.Encoder;
import doppel.encodings.Encodings;
import doppel.encodings.EncodingsIO;
import doppel.pipeline.EncodePipeline;
import doppel.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code doppel encode}: fingerprints datasets and saves the encodings as JSON, re-encoding only what changed. */
@Command(header = "Encode datasets and save the encodings (JSON), re-encoding only what changed.",
        name = "encode", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Encodes the images of one or more datasets and saves the encodings (JSON) for later searches. "
                + "If the output file exists and was made by the same encoder, only new or changed files are encoded."
        },
        footerHeading = "%nExit codes:%n",
        footer = {"  0 success, 1 usage or fatal error, 2 finished but some inputs were skipped"})
final class EncodeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "0..*",
            description = "Dataset directories, as with --dirs (given first, then those of --dirs).")
    java.util.List<Path> datasets = new java.util.ArrayList<>();

    @Mixin
    InputOptions input;

    @Mixin
    EncoderOptions encoderOptions;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Where to save (default encodings/<datasets>.<encoder>.json).")
    Path out;

    @Option(names = "--encodings-in", arity = "1..*", paramLabel = "FILE",
            description = "Earlier encodings to reuse for unchanged files (the --out file is reused automatically).")
    java.util.List<Path> reuse = new java.util.ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        input.dirs.addAll(0, datasets);
        if (!input.any()) {
            throw new UsageException("nothing to encode: give dataset folders, --dirs, --root or --file-list");
        }
        long start = System.nanoTime();
        Console console = new Console(quiet);
        Progress progress = CliProgress.create(quiet);
        ScanResult scan = input.scan();
        Path target = out != null ? out : defaultOut(scan);

        EncodingsOptions reuseOptions = new EncodingsOptions();
        reuseOptions.in.addAll(reuse);
        if (Files.isRegularFile(target) && !reuse.contains(target)) {
            reuseOptions.in.add(target);
        }
        Encodings saved = reuseOptions.loadIn(encoderOptions);
        EncodePipeline.Outcome outcome;
        String note;
        try (Encoder encoder = doppel.encode.factory.Encoders.create(encoderOptions.choiceOrSaved(saved))) {
            if (saved != null && saved.spec().incompatibilityWith(encoder.spec()) != null) {
                if (reuse.isEmpty()) {
                    // Re-encoding every image into it would silently throw the old encodings away.
                    throw new UsageException(target + " holds encodings made by " + saved.spec().describe()
                            + ", not " + encoder.spec().describe() + ": give another --out, or delete it first");
                }
                EncodingsOptions.requireComparable(saved, encoder.spec());
            }
            outcome = EncodePipeline.run(scan.datasets(), scan.files(), scan.skipped(), encoder, saved, progress);
            note = encoder.runtimeNote();
        }
        EncodingsIO.write(outcome.encodings(), target);
        Encodings e = outcome.encodings();
        double seconds = (System.nanoTime() - start) / 1e9;
        console.printSkipped(e.skipped());
        console.println(String.format("doppel encode: %d images (%d encoded, %d reused), %d skipped, %s -> %s",
                e.images().size(), outcome.encoded(), outcome.reused(), e.skipped().size(), e.spec().describe(), target));
        console.println(String.format("  time %.1f s, %.0f images/s%s", seconds, outcome.encoded() / Math.max(seconds, 1e-9),
                note.isEmpty() ? "" : "; " + note));
        return e.skipped().isEmpty() ? Main.EXIT_OK : Main.EXIT_SKIPPED;
    }

    private Path defaultOut(ScanResult scan) {
        String names = String.join("+", scan.datasets().stream().map(d -> d.name().replace('/', '_')).toList());
        return Path.of("encodings", names + "." + encoderOptions.name() + ".json");
    }
}
