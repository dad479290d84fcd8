package doppel.cli;

import doppel.evaluate.DupStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code doppel dup-stats}: how many duplicates, where. */
@Command(header = "Duplicate statistics per dataset and folder.",
        name = "dup-stats", mixinStandardHelpOptions = true,
        description = "Duplicate statistics of one or more results files: totals, per dataset, per folder (first folder), "
                + "median images and duplicates per folder.")
final class DupStatsCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RESULTS", description = "Results of 'find --out' or 'leak --out'.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the statistics as JSON.")
    Path json;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors (--json FILE is still written).")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        List<Path> resolved = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new UsageException("no such results file: " + f);
            }
            Path sidecar = ResultFiles.sidecarOf(f);
            resolved.add(doppel.results.ResultsIO.isDoppelResults(f) || !Files.isRegularFile(sidecar) ? f : sidecar);
        }
        DupStats stats = DupStats.of(resolved);
        new Console(quiet).println(stats.table());
        if (json != null) {
            doppel.io.AtomicWrite.writeString(json, stats.toJson());
        }
        return Main.EXIT_OK;
    }
}
