package doppel.cli;

import doppel.dataset.DatasetScanner;
import doppel.dataset.ScanOptions;
import doppel.dataset.ScanResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the images are: dataset directories, a root with relative directories, or plain file lists. */
final class InputOptions {
    @Option(names = "--dirs", arity = "1..*", paramLabel = "DIR",
            description = "Dataset directories, searched recursively; each is one dataset named by its folder "
                    + "(with --root: directories relative to the root). Order sets precedence for --keep first-dir.")
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
        DatasetScanner scanner = new DatasetScanner(scanOptions());
        List<ScanResult> parts = new ArrayList<>();
        if (root != null) {
            if (dirs.isEmpty()) {
                throw new UsageException("--root needs --dirs with directories relative to it");
            }
            parts.add(scanner.scanRoot(root, dirs.stream().map(Path::toString).toList()));
        } else if (!dirs.isEmpty()) {
            parts.add(scanner.scanDirs(dirs));
        }
        for (Path list : fileLists) {
            parts.add(scanner.scanFileList(list));
        }
        List<doppel.dataset.Dataset> datasets = new ArrayList<>();
        List<doppel.dataset.ImageFile> files = new ArrayList<>();
        List<doppel.dataset.SkippedFile> skipped = new ArrayList<>();
        for (ScanResult part : parts) {
            datasets.addAll(part.datasets());
            files.addAll(part.files());
            skipped.addAll(part.skipped());
        }
        return new ScanResult(datasets, files, skipped);
    }
}
