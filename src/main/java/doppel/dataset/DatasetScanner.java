package doppel.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the image files of one or more datasets.
 *
 * <p>Images are recognised by extension ({@link ImageExtensions}); other files are ignored (they may be
 * annotations, see {@link SidecarFinder}). When a dataset root contains a {@code data/} folder and
 * {@link ScanOptions#dataDir()} is on, only that folder is walked, but relative paths stay relative to the
 * dataset root ({@code data/cat/1.jpg}). Each dataset's files come out sorted by relative path, so the
 * order does not depend on the file system.
 *
 * <p>Problems with single entries (broken symbolic links, link loops, unreadable directories, missing
 * listed files) become {@link SkippedFile}s and the scan goes on; a missing input directory is an
 * {@link IllegalArgumentException} with a one-line message.
 *
 * <p>Folders below the walked folder that hold a Doppel journal ({@code doppel-journal-*.jsonl}) or the
 * {@value #DUPLICATES_MARKER} marker are left out with everything under them: they hold duplicates Doppel
 * moved there (a {@code --move-to} folder inside a dataset), which must not be found again as images of
 * the dataset. The folder given itself is always scanned, marker or not, since naming it is deliberate.
 */
public final class DatasetScanner {
    /** The marker file Doppel writes into every folder it moves duplicates into; scans skip such folders. */
    public static final String DUPLICATES_MARKER = ".doppel-duplicates";
    /** Files named {@code .doppel-*} are Doppel's own (temp copies, markers) and never scanned as images. */
    public static final String DOPPEL_TEMP_PREFIX = ".doppel-";

    private final ScanOptions options;

    /** A scanner with the given options. */
    public DatasetScanner(ScanOptions options) {
        this.options = options;
    }

    /** A scanner with {@link ScanOptions#DEFAULT}. */
    public DatasetScanner() {
        this(ScanOptions.DEFAULT);
    }

    /**
     * Scans each directory as a dataset named by its folder name; repeated names get "-2", "-3", ....
     *
     * @throws IllegalArgumentException "not a directory: X" when an input is missing or not a directory
     */
    public ScanResult scanDirs(List<Path> dirs) {
        List<Dataset> datasets = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Path dir : dirs) {
            Path root = requireDirectory(dir);
            Path fileName = root.getFileName();
            String base = fileName == null ? "root" : fileName.toString();
            String name = base;
            for (int n = 2; !used.add(name); n++) {
                name = base + "-" + n;
            }
            datasets.add(new Dataset(name, root));
        }
        requireDisjoint(datasets, dirs);
        return scanAll(datasets);
    }

    /**
     * Refuses a directory given twice, or one inside another: their images would be searched twice and every
     * one reported as its own duplicate.
     *
     * @param given the directories as the user wrote them, in the order of {@code datasets}
     */
    private static void requireDisjoint(List<Dataset> datasets, List<?> given) {
        List<Path> real = new ArrayList<>();
        for (Dataset d : datasets) {
            try {
                real.add(d.root().toRealPath());
            } catch (IOException e) {
                real.add(d.root());
            }
        }
        for (int i = 0; i < real.size(); i++) {
            for (int j = 0; j < real.size(); j++) {
                if (i == j) {
                    continue;
                }
                if (i < j && real.get(i).equals(real.get(j))) {
                    throw new IllegalArgumentException("dataset " + given.get(i) + " is given twice"
                            + (given.get(i).equals(given.get(j)) ? "" : " (also as " + given.get(j) + ")"));
                }
                if (!real.get(i).equals(real.get(j)) && real.get(i).startsWith(real.get(j))) {
                    throw new IllegalArgumentException("dataset " + given.get(i) + " is inside dataset " + given.get(j)
                            + ": give one or the other, not both");
                }
            }
        }
    }

    /**
     * Scans each of {@code relativeDirs} under {@code root} as a dataset named by the relative directory
     * (written with '/'; "." names the dataset after the root itself).
     *
     * @throws IllegalArgumentException "not a directory: X" when the root or a directory is missing
     */
    public ScanResult scanRoot(Path root, List<String> relativeDirs) {
        Path base = requireDirectory(root);
        List<Dataset> datasets = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (String rel : relativeDirs) {
            Path dir = requireDirectory(base.resolve(rel));
            String name = base.relativize(dir).toString().replace('\\', '/');
            if (name.isEmpty()) {
                name = base.getFileName() == null ? "root" : base.getFileName().toString();
            }
            if (!used.add(name)) {
                continue;
            }
            datasets.add(new Dataset(name, dir));
        }
        requireDisjoint(datasets, datasets.stream().map(Dataset::name).toList());
        return scanAll(datasets);
    }

    /**
     * Scans a file list: one path per line; blank lines and lines starting with '#' are ignored, lines
     * are stripped of surrounding white space, relative lines are resolved against the list file's folder.
     * The dataset is named by the list file's stem and rooted at the deepest common parent of the listed
     * files. Missing files, directories and non-image names become skipped entries.
     *
     * @throws IllegalArgumentException "not a file: X" when the list cannot be read
     */
    public ScanResult scanFileList(Path listFile) {
        Path list = listFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(list)) {
            throw new IllegalArgumentException("not a file: " + listFile);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read file list " + listFile + ": " + e.getMessage());
        }
        Set<Path> paths = new LinkedHashSet<>();
        for (String line : lines) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            paths.add(list.getParent().resolve(entry).normalize());
        }
        Path root = commonParent(paths, list.getParent());
        Dataset dataset = new Dataset(ImageExtensions.stem(list.getFileName().toString()), root);
        List<ImageFile> files = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        for (Path p : paths) {
            String rel = relative(root, p);
            BasicFileAttributes attrs = readAttributes(p, !options.followLinks());
            if (attrs == null) {
                skipped.add(new SkippedFile(dataset.name(), rel,
                        Files.isSymbolicLink(p) ? "broken symlink" : "missing file"));
            } else if (attrs.isSymbolicLink()) {
                skipped.add(new SkippedFile(dataset.name(), rel, "symlink not followed (--follow-links)"));
            } else if (!attrs.isRegularFile()) {
                skipped.add(new SkippedFile(dataset.name(), rel, "not a regular file"));
            } else if (!ImageExtensions.isImage(p.getFileName().toString())) {
                skipped.add(new SkippedFile(dataset.name(), rel, "not an image file name"));
            } else if (options.filter().accepts(rel, attrs.size())) {
                files.add(new ImageFile(dataset, rel, attrs.size(), attrs.lastModifiedTime().toMillis()));
            }
        }
        files.sort(Comparator.comparing(ImageFile::relativePath));
        skipped.sort(Comparator.comparing(SkippedFile::relativePath));
        return new ScanResult(List.of(dataset), files, skipped);
    }

    /** True for the file name of a Doppel journal, {@code doppel-journal-*.jsonl}. */
    public static boolean isJournalName(String fileName) {
        return fileName.startsWith("doppel-journal-") && fileName.endsWith(".jsonl");
    }

    private ScanResult scanAll(List<Dataset> datasets) {
        List<ImageFile> files = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        for (Dataset d : datasets) {
            scanOne(d, files, skipped);
        }
        return new ScanResult(datasets, files, skipped);
    }

    private void scanOne(Dataset dataset, List<ImageFile> filesOut, List<SkippedFile> skippedOut) {
        Path root = dataset.root();
        Path data = root.resolve("data");
        Path start = options.dataDir() && Files.isDirectory(data) ? data : root;
        List<ImageFile> files = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        boolean follow = options.followLinks();
        Set<FileVisitOption> visitOptions = follow ? EnumSet.of(FileVisitOption.FOLLOW_LINKS) : EnumSet.noneOf(FileVisitOption.class);
        // Folders holding a journal; their files may have been collected before the journal showed up in the
        // listing, so they are dropped after the walk.
        List<Path> doppelDirs = new ArrayList<>();
        // A walked file's text starts with the root's: its relative path is the rest of it, cut in one step where
        // Path.relativize and getFileName build paths for each of thousands of files, mostly uncompiled (35 ms of
        // a 150 ms walk of 8,354 files, BENCHMARKS.md). Anything else (the root itself) takes the long way.
        String separator = root.getFileSystem().getSeparator();
        String rootText = root.toString();
        int cut = rootText.endsWith(separator) ? rootText.length() : rootText.length() + separator.length();
        try {
            Files.walkFileTree(start, visitOptions, Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(start) && Files.exists(dir.resolve(DUPLICATES_MARKER), LinkOption.NOFOLLOW_LINKS)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!dir.equals(start) && ImageExtensions.isImage(dir.getFileName().toString())) {
                        // Named like an image but a folder: said, so that a missing image is never a mystery.
                        skipped.add(new SkippedFile(dataset.name(), relative(root, dir), "a folder, not an image file"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String text = file.toString();
                    boolean below = text.length() > cut && text.startsWith(rootText);
                    String rel = !below ? relative(root, file)
                            : separator.equals("/") ? text.substring(cut) : text.substring(cut).replace(separator, "/");
                    String name = below ? rel.substring(rel.lastIndexOf('/') + 1) : file.getFileName().toString();
                    if (isJournalName(name) && !file.getParent().equals(start)) {
                        doppelDirs.add(file.getParent());
                        return FileVisitResult.CONTINUE;
                    }
                    if (name.startsWith(DOPPEL_TEMP_PREFIX)) {
                        // A temp copy of an unfinished move or undo: never an image of the dataset.
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isSymbolicLink()) {
                        String reason = symlinkReason(file, name, follow);
                        if (reason != null) {
                            skipped.add(new SkippedFile(dataset.name(), rel, reason));
                        }
                    } else if (ImageExtensions.isImage(name) && options.filter().accepts(rel, attrs.size())) {
                        if (attrs.isRegularFile()) {
                            files.add(new ImageFile(dataset, rel, attrs.size(), attrs.lastModifiedTime().toMillis()));
                        } else {
                            skipped.add(new SkippedFile(dataset.name(), rel, "not a regular file (a pipe, socket or device)"));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    String rel = relative(root, file);
                    String reason;
                    if (exc instanceof FileSystemLoopException) {
                        reason = "symlink loop";
                    } else if (exc instanceof AccessDeniedException) {
                        reason = "unreadable (permission denied)";
                    } else if (exc instanceof NoSuchFileException) {
                        reason = "vanished during scan";
                    } else {
                        reason = "unreadable: " + exc.getClass().getSimpleName() + " " + exc.getMessage();
                    }
                    skipped.add(new SkippedFile(dataset.name(), rel, reason));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
                    if (exc != null) {
                        skipped.add(new SkippedFile(dataset.name(), relative(root, dir),
                                "directory listing failed: " + exc.getMessage()));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + start + ": " + e.getMessage(), e);
        }
        if (!doppelDirs.isEmpty()) {
            files.removeIf(f -> inAny(f.path(), doppelDirs));
            skipped.removeIf(s -> inAny(root.resolve(s.relativePath()), doppelDirs));
        }
        // One comparison a call: sorting 8,000 files runs mostly uncompiled, where each level of a composed
        // comparator costs (Comparator.comparing: 40 ms, BENCHMARKS.md).
        files.sort((a, b) -> a.relativePath().compareTo(b.relativePath()));
        skipped.sort(Comparator.comparing(SkippedFile::relativePath));
        filesOut.addAll(files);
        skippedOut.addAll(skipped);
    }

    private static boolean inAny(Path p, List<Path> dirs) {
        for (Path d : dirs) {
            if (p.startsWith(d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why a symbolic link handed to visitFile is not taken, or null when it is not worth reporting. With
     * FOLLOW_LINKS the walker only hands out a link's own attributes when its target cannot be read.
     */
    private static String symlinkReason(Path link, String name, boolean follow) {
        if (!Files.exists(link)) {
            return "broken symlink";
        }
        if (follow) {
            return "unreadable symlink target";
        }
        if (Files.isDirectory(link)) {
            return "symlinked directory not followed (--follow-links)";
        }
        return ImageExtensions.isImage(name) ? "symlink not followed (--follow-links)" : null;
    }

    private static BasicFileAttributes readAttributes(Path p, boolean noFollow) {
        try {
            return noFollow ? Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    : Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static Path requireDirectory(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new IllegalArgumentException("not a directory: " + dir);
        }
        return abs;
    }

    private static String relative(Path root, Path file) {
        String rel = root.relativize(file).toString();
        return file.getFileSystem().getSeparator().equals("/") ? rel : rel.replace(file.getFileSystem().getSeparator(), "/");
    }

    private static Path commonParent(Set<Path> paths, Path fallback) {
        Path common = null;
        for (Path p : paths) {
            Path parent = p.getParent();
            if (common == null) {
                common = parent;
            } else {
                while (common != null && !parent.startsWith(common)) {
                    common = common.getParent();
                }
            }
        }
        return common == null ? fallback : common;
    }
}
