package doppel.cli;

import doppel.encodings.Encodings;
import doppel.encodings.EncodingsIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code doppel merge-encodings}: one encodings file from several, refusing different encoders. */
@Command(header = "Merge encodings files of several datasets into one.",
        name = "merge-encodings", mixinStandardHelpOptions = true,
        description = {
            "Merges encodings files of several datasets into one. Files made by different encoders or "
                + "parameters are refused. An image present in several files keeps its newest entry."
        })
final class MergeEncodingsCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "FILE", description = "Encodings files to merge.")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Merged encodings file.")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() {
        List<Encodings> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(EncodingsIO.read(f));
        }
        Encodings merged = Encodings.merge(parts);
        EncodingsIO.write(merged, out);
        new Console(quiet).println(String.format("doppel merge-encodings: %d images of %d datasets, %s -> %s",
                merged.images().size(), merged.datasets().size(), merged.spec().describe(), out));
        return Main.EXIT_OK;
    }
}
