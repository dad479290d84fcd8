package doppel.cli;

import doppel.evaluate.Evaluation;
import doppel.evaluate.GroundTruth;
import doppel.evaluate.Scores;
import doppel.results.ResultsIO;
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
        description = {"Scores found duplicate pairs against ground truth: precision, recall and F1 over unordered",
            "pairs, overall and per class (first folder), as imagededup's evaluation does. With --sweep, scores",
            "a list of stricter thresholds from one loose search, to choose a threshold on a labelled sample."})
final class EvaluateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RESULTS", description = "Found duplicates: Doppel results or an imagededup map.")
    Path results;

    @Option(names = "--truth", required = true, paramLabel = "FILE",
            description = "Ground truth: imagededup's {\"img\": [\"dup\", ...]} map, or Doppel results.")
    Path truth;

    @Option(names = "--sweep", arity = "0..*", paramLabel = "T",
            description = "Score these thresholds (default: a spread up to the search's own threshold); needs Doppel "
                    + "results with pair scores.")
    List<Double> sweep;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        for (Path p : List.of(results, truth)) {
            if (!Files.isRegularFile(p)) {
                throw new UsageException("no such file: " + p);
            }
        }
        if (sweep != null) {
            var file = ResultsArgs.read(results);
            List<Double> thresholds = sweep.isEmpty() ? Evaluation.defaultThresholds(file) : sweep;
            var rows = Evaluation.sweep(file, GroundTruth.read(truth), thresholds);
            System.out.println(json ? Evaluation.sweepJson(rows) : Evaluation.sweepTable(rows));
            return Main.EXIT_OK;
        }
        Scores scores = ResultsIO.isDoppelResults(results) || !Files.isRegularFile(ResultFiles.sidecarOf(results))
                ? Evaluation.evaluate(results, truth)
                : Evaluation.evaluate(ResultFiles.sidecarOf(results), truth);
        System.out.println(json ? scores.toJson() : scores.table());
        return Main.EXIT_OK;
    }
}
