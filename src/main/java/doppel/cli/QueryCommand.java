package doppel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import doppel.encodings.Encodings;
import doppel.find.Query;
import doppel.find.QueryRequest;
import doppel.io.AtomicWrite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code doppel query}: the nearest duplicates of new images among saved encodings. */
@Command(name = "query", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Find the duplicates of new images among saved encodings, without encoding the collection again.",
        description = {
            "Encodes only the query images, with the encoder that made the encodings, and lists for each the saved",
            "images within the threshold, nearest first (the same exact search as find)."
        },
        footerHeading = "%nExit codes:%n",
        footer = {"  0 success, 1 usage or fatal error, 2 finished but some query images were skipped"})
final class QueryCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IMG_OR_DIR", arity = "1..*", description = "Query images, or folders of them.")
    List<Path> images = new ArrayList<>();

    @Mixin
    EncodingsOptions encodingsOptions;

    @Mixin
    EncoderOptions encoderOptions;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "At most N duplicates per query image (default ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    ThresholdOption threshold;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Write {\"query image\": [[\"dataset/path\", score], ...]} as JSON.")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (encodingsOptions.in.isEmpty()) {
            throw new UsageException("query needs --encodings-in FILE...");
        }
        if (encodingsOptions.out != null) {
            throw new UsageException("--encodings-out is not used by query");
        }
        Encodings saved = encodingsOptions.loadIn(encoderOptions);
        EncodingsOptions.requireEncoderMatches(encoderOptions, saved);
        Thresholds.resolve(threshold.value, saved.spec());
        Console console = new Console(quiet);
        Query.Outcome outcome;
        try {
            outcome = Query.run(QueryRequest.builder().images(images).encodings(saved)
                    .encoder(encoderOptions.choiceOrSaved(saved)).threshold(threshold.value).top(top)
                    .progress(CliProgress.create(quiet)).build());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Map<String, List<List<Object>>> map = new LinkedHashMap<>();
        for (Query.Hits h : outcome.hits()) {
            List<List<Object>> list = new ArrayList<>();
            console.println(h.image() + (h.duplicates().isEmpty() ? ": no duplicates" : ":"));
            for (Query.Hit hit : h.duplicates()) {
                console.println("  " + Thresholds.scoreLabel(hit.score(), outcome.spec()) + "  " + hit.file().key()
                        + "  " + hit.file().path());
                list.add(List.of(hit.file().key(), hit.score()));
            }
            map.put(h.image().toString(), list);
        }
        if (out != null) {
            AtomicWrite.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(map));
        }
        console.printSkipped(outcome.skipped());
        long found = outcome.hits().stream().filter(h -> !h.duplicates().isEmpty()).count();
        console.println(String.format("doppel query: %d images, %d with duplicates among %d saved; %s, threshold %s%s",
                outcome.hits().size(), found, saved.images().size(), outcome.spec().describe(),
                Thresholds.format(outcome.threshold(), outcome.spec()), out == null ? "" : "; results: " + out));
        return outcome.skipped().isEmpty() ? Main.EXIT_OK : Main.EXIT_SKIPPED;
    }
}
