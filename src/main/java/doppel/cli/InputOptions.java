package doppel.cli;

import doppel.dataset.ScanOptions;
import doppel.dataset.ScanResult;
import doppel.find.FindRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the images are: dataset directories, a root with relative directories, or plain file lists. */
final class InputOptions {
    @Option(names = "--dirs", arity = "1..*", paramLabel = "DIR",
            description = "Dataset directories, searched recursively; each is one dataset named by its folder "
                    + "(with --root: directories relative to the root), in order of precedence (the first dataset's image is kept "
                    + "under the default --keep).")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--root", paramLabel = "DIR", description = "Root that --dirs are relative to.")
    Path root;

    @Option(names = "--file-list", arity = "1..*", paramLabel = "FILE",
            description = "Text files listing image paths, one per line (relative lines are relative to the list's "
                    + "folder); each list is one dataset named by the list's file name.")
    List<Path> fileLists = new ArrayList<>();

    @Option(names = "--no-data-dir", negatable = false,
            description = "Do not restrict a dataset to its data/ folder when it has one (default: images under data/ "
                    + "only, when present).")
    boolean noDataDir;

    @Option(names = "--no-annot", negatable = false,
            description = "Do not move annotation files (same name, other extension, beside the image or under "
                    + "annotations/) together with their image.")
    boolean noAnnotations;

    @Option(names = "--follow-links", description = "Follow symbolic links while scanning (loops are detected and skipped).")
    boolean followLinks;

    @picocli.CommandLine.Mixin
    FilterOptions filterOptions;

    boolean any() {
        return !dirs.isEmpty() || !fileLists.isEmpty() || root != null;
    }

    ScanOptions scanOptions() {
        return new ScanOptions(!noDataDir, !noAnnotations, followLinks, filterOptions.filter());
    }

    /** Scans every input; datasets keep the order they were given in. */
    ScanResult scan() {
        if (root != null && dirs.isEmpty()) {
            throw new UsageException("--root needs --dirs with directories relative to it");
        }
        return FindRequest.builder().root(root).datasets(dirs).fileLists(fileLists).scanOptions(scanOptions()).build()
                .scan();
    }
}
