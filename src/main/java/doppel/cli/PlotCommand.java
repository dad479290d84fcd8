package doppel.cli;

import doppel.report.CollagePlot;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code doppel plot}: a PNG collage of one image and its duplicates (imagededup's plot_duplicates). */
@Command(header = "Write a PNG collage of one image and its duplicates.",
        name = "plot", mixinStandardHelpOptions = true,
        description = "Writes a PNG collage of one image and its duplicates, with captions.")
final class PlotCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IMAGE", description = "The image, as its key in the results: dataset/relative/path.")
    String image;

    @Option(names = "--results", required = true, paramLabel = "FILE", description = "Results of 'find --out'.")
    Path results;

    @Option(names = "--out", paramLabel = "PNG", defaultValue = "plot.png", description = "Output PNG (default plot.png).")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        int shown = CollagePlot.write(ResultsArgs.read(results), image, out);
        new Console(quiet).println("doppel plot: " + out + " (" + image + " and " + shown + " duplicate"
                + (shown == 1 ? "" : "s") + ")");
        return Main.EXIT_OK;
    }
}
