package doppel.cli;

import doppel.aesthetic.ScoreStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code doppel score-stats}: median aesthetic score per topic, best and worst topics per subcluster. */
@Command(header = "Median aesthetic score per topic; best and worst topics.",
        name = "score-stats", mixinStandardHelpOptions = true,
        description = "Summarises the aesthetic_data.json files under the given folders: median per topic, and the top and "
                + "bottom K topics per subcluster.")
final class ScoreStatsCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders holding aesthetic_data.json files.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "Topics listed at each end (default 5).")
    int top;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the summary as JSON.")
    Path json;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors (--json FILE is still written).")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new UsageException("not a directory: " + d);
            }
        }
        ScoreStats stats = ScoreStats.load(dirs, top);
        if (stats.topics().isEmpty()) {
            throw new UsageException("no aesthetic_data.json under " + dirs + " (run 'doppel score' first)");
        }
        new Console(quiet).println(stats.toTable());
        if (json != null) {
            doppel.io.AtomicWrite.writeString(json, stats.toJsonString());
        }
        return Main.EXIT_OK;
    }
}
