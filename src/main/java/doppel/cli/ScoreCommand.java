package doppel.cli;

import doppel.aesthetic.AestheticHead;
import doppel.aesthetic.AestheticScoring;
import doppel.dataset.DatasetScanner;
import doppel.dataset.ImageFile;
import doppel.dataset.ScanOptions;
import doppel.dataset.ScanResult;
import doppel.encode.EncoderRegistry;
import doppel.encodings.Encodings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code doppel score}: aesthetic score per image from a CLIP embedding and a linear/MLP head. */
@Command(header = "Aesthetic scores from CLIP embeddings and a linear/MLP head.",
        name = "score", sortOptions = false, mixinStandardHelpOptions = true,
        modelTransformer = ScoreCommand.EmbeddingOptionsOnly.class,
        description = {
            "Aesthetic score per image: the CLIP image embedding of --model (a TorchScript image tower with its spec "
                + "JSON, see models/README.md) fed to --head (JSON weights). The head must take the model's embedding "
                + "size: LAION's aesthetic predictor (converted by scripts/convert_laion_aesthetic.py) takes CLIP "
                + "ViT-L/14's 768-d embeddings (scripts/export_model.py --arch clip-vit-l-14).",
            "Writes aesthetic_data.json into each topic folder."})
final class ScoreCommand implements Callable<Integer> {
    /** Leaves the hash encoders' options out of {@code score}, which only runs embeddings. */
    static final class EmbeddingOptionsOnly implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            for (String name : EncoderOptions.HASH_ONLY) {
                spec.remove(spec.findOption(name));
            }
            OptionSpec encoder = spec.findOption("--encoder");
            spec.remove(encoder);
            spec.addOption(OptionSpec.builder(encoder)
                    .description("One of " + String.join(", ", EncoderRegistry.names(EncoderRegistry.Kind.EMBEDDING))
                            + " (default clip): the embedding --model gives.").build());
            return spec;
        }
    }

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Dataset directories.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--head", required = true, paramLabel = "FILE",
            description = "Aesthetic head (JSON, doppel-aesthetic-head): scripts/convert_laion_aesthetic.py makes one "
                    + "from LAION's improved-aesthetic-predictor weights (sac+logos+ava1-l14-linearMSE.pth).")
    Path head;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "0",
            description = "Topic folder level for the score files (default 0: each image's own folder).")
    int depth;

    @Option(names = "--no-data-dir", description = "Do not restrict a dataset to its data/ folder when it has one.")
    boolean noDataDir;

    @Mixin
    EncoderOptions encoderOptions;

    @Mixin
    EncodingsOptions encodingsOptions;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (encoderOptions.encoder == null) {
            encoderOptions.encoder = EncoderRegistry.get("clip");
        }
        if (encoderOptions.encoder.kind() != EncoderRegistry.Kind.EMBEDDING) {
            throw new UsageException("score needs an embedding encoder (--encoder "
                    + String.join(" or ", EncoderRegistry.names(EncoderRegistry.Kind.EMBEDDING)) + "), not "
                    + encoderOptions.name());
        }
        AestheticHead aestheticHead = AestheticHead.load(head);
        ScanResult scan = new DatasetScanner(new ScanOptions(!noDataDir, false, false)).scanDirs(dirs);
        Encodings saved = encodingsOptions.loadIn(encoderOptions);
        var step = EncodingsStep.run(() -> scan, saved, encoderOptions, encodingsOptions, CliProgress.create(quiet));
        Map<ImageFile, Float> scores;
        try {
            scores = AestheticScoring.scoreAll(step.encodings().images(), aestheticHead);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + " (head " + head.getFileName() + ")");
        }
        String model = step.encodings().spec().params().getOrDefault("model", step.encodings().spec().name());
        List<Path> written = AestheticScoring.writePerTopic(scores, depth, model, head.getFileName().toString());
        Console console = new Console(quiet);
        console.printSkipped(step.encodings().skipped());
        console.println(String.format("doppel score: %d images scored into %d %s files; %d skipped; %s",
                scores.size(), written.size(), AestheticScoring.FILE_NAME, step.encodings().skipped().size(),
                step.describeTime()));
        return step.encodings().skipped().isEmpty() ? Main.EXIT_OK : Main.EXIT_SKIPPED;
    }
}
