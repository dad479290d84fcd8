package doppel.cli;

import doppel.report.CollagePlot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code doppel plot}: a PNG collage of one image and its duplicates (imagededup's plot_duplicates). */
@Command(header = "Write a PNG collage of one image and its duplicates.",
        name = "plot", mixinStandardHelpOptions = true,
        description = "Writes a PNG collage of one image and its duplicates, with captions.")
final class PlotCommand implements Callable<Integer> {
    @Parameters(arity = "1..2", paramLabel = "RESULTS IMAGE", description = {
        "RESULTS: results of 'find --out' or 'leak --out', positional as in report and dup-stats.",
        "IMAGE: the image, as its key in the results: dataset/relative/path."})
    List<String> args = new ArrayList<>();

    /** The earlier spelling, {@code plot IMAGE --results FILE}; kept so existing scripts run. */
    @Option(names = "--results", hidden = true, paramLabel = "FILE")
    Path results;

    @Option(names = {"-o", "--out"}, paramLabel = "PNG", defaultValue = "plot.png", description = "Output PNG (default plot.png).")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (args.size() != (results == null ? 2 : 1)) {
            throw new UsageException("give the results file and the image: doppel plot RESULTS IMAGE");
        }
        Path resultsFile = results != null ? results : Path.of(args.get(0));
        String image = args.get(args.size() - 1);
        int shown = CollagePlot.write(ResultsArgs.read(resultsFile), image, out);
        new Console(quiet).println("doppel plot: " + out + " (" + image + " and " + shown + " duplicate"
                + (shown == 1 ? "" : "s") + ")");
        return Main.EXIT_OK;
    }
}
