package doppel.cli;

import doppel.evaluate.Evaluation;
import doppel.evaluate.GroundTruth;
import doppel.evaluate.GroupScores;
import doppel.evaluate.Scores;
import doppel.results.ResultsIO;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code doppel evaluate}: precision, recall and F1 of found duplicate pairs against a labelled truth. */
@Command(header = "Precision, recall and F1 of found pairs against labelled pairs.",
        name = "evaluate", mixinStandardHelpOptions = true,
        description = {
            "Scores found duplicate pairs against ground truth: precision, recall and F1 over unordered "
                + "pairs, overall and per class (first folder), as imagededup's evaluation does, then group metrics: "
                + "the pairs implied by grouping the found pairs (connected components, as find groups them) and the "
                + "share of groups found exactly. With --sweep, scores a list of stricter thresholds from one loose "
                + "search, to choose a threshold on a labelled sample."
        })
final class EvaluateCommand implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Parameters(paramLabel = "RESULTS", description = "Found duplicates: Doppel results or an imagededup map.")
    Path results;

    @Option(names = "--truth", required = true, paramLabel = "FILE",
            description = "Ground truth: imagededup's {\"img\": [\"dup\", ...]} map, or Doppel results.")
    Path truth;

    @Option(names = "--sweep", arity = "0..*", paramLabel = "T",
            description = "Score these thresholds (default: a spread up to the search's own threshold); needs Doppel "
                    + "results with pair scores.")
    List<Double> sweep;

    @Option(names = "--json", arity = "0..1", paramLabel = "FILE", fallbackValue = "-",
            description = "Also write the scores as JSON to FILE, as the other commands' --json FILE; "
                    + "--json alone prints JSON instead of the table.")
    String json;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors (--json FILE is still written).")
    boolean quiet;

    @Override
    public Integer call() throws java.io.IOException {
        for (Path p : List.of(results, truth)) {
            if (!Files.isRegularFile(p)) {
                throw new UsageException("no such file: " + p);
            }
        }
        if (sweep != null) {
            var file = ResultsArgs.read(results);
            List<Double> thresholds = sweep.isEmpty() ? Evaluation.defaultThresholds(file) : sweep;
            var rows = Evaluation.sweep(file, GroundTruth.read(truth), thresholds);
            emit(Evaluation.sweepTable(rows), Evaluation.sweepJson(rows));
            return Main.EXIT_OK;
        }
        Path predicted = ResultsIO.isDoppelResults(results) || !Files.isRegularFile(ResultFiles.sidecarOf(results))
                ? results : ResultFiles.sidecarOf(results);
        Scores scores = Evaluation.evaluate(predicted, truth);
        GroupScores groups = Evaluation.groups(predicted, truth);
        ObjectNode root = (ObjectNode) MAPPER.readTree(scores.toJson());
        root.set("groups", MAPPER.valueToTree(groups.asMap()));
        emit(scores.table() + System.lineSeparator() + groups.table(),
                MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return Main.EXIT_OK;
    }

    /** The table on stdout, or the JSON for a bare --json; the JSON to the --json FILE. */
    private void emit(String table, String jsonText) {
        if (json != null && !json.equals("-")) {
            try {
                doppel.io.AtomicWrite.writeString(Path.of(json), jsonText);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        if (!quiet) {
            System.out.println("-".equals(json) ? jsonText : table);
        }
    }
}
