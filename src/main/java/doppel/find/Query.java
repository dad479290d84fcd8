package doppel.find;

import doppel.dataset.Dataset;
import doppel.dataset.DatasetScanner;
import doppel.dataset.ImageFile;
import doppel.dataset.ScanOptions;
import doppel.dataset.ScanResult;
import doppel.encode.EncodedImage;
import doppel.encode.Encoder;
import doppel.encode.EncoderSpec;
import doppel.encode.Threshold;
import doppel.encode.factory.Encoders;
import doppel.dataset.SkippedFile;
import doppel.pipeline.EncodePipeline;
import doppel.search.Match;
import doppel.search.PairSearch;
import doppel.search.PairSearches;
import doppel.search.SearchOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query use case: the nearest duplicates of new images among saved encodings, without encoding the
 * collection again. Only the query images are encoded, with the encoder that made the encodings; the pairs
 * come from the same exact search as {@link Finder}, so a query finds what {@code find} would have paired.
 */
public final class Query {
    /**
     * The duplicates of one query image.
     *
     * @param image      the query image
     * @param duplicates saved images within the threshold, nearest first, at most {@link QueryRequest#top()}
     */
    public record Hits(Path image, List<Hit> duplicates) {
        public Hits {
            duplicates = List.copyOf(duplicates);
        }
    }

    /**
     * A saved image that duplicates a query image.
     *
     * @param file  the saved image (its path is as recorded in the encodings)
     * @param score Hamming distance or cosine similarity
     */
    public record Hit(ImageFile file, double score) {
    }

    /**
     * What a query found.
     *
     * @param spec      the encoder compared with
     * @param threshold the threshold used
     * @param hits      one entry per query image encoded, in the order found
     * @param skipped   query files that could not be encoded
     */
    public record Outcome(EncoderSpec spec, double threshold, List<Hits> hits, List<SkippedFile> skipped) {
        public Outcome {
            hits = List.copyOf(hits);
            skipped = List.copyOf(skipped);
        }
    }

    private Query() {
    }

    /**
     * Encodes the query images and finds their duplicates among the saved encodings.
     *
     * @throws IllegalArgumentException when the encoder does not reproduce the saved fingerprints, or a query
     *                                  path does not exist
     */
    public static Outcome run(QueryRequest request) {
        ScanResult queries = scan(request.images());
        List<EncodedImage> encoded;
        List<SkippedFile> skipped;
        EncoderSpec spec = request.saved().spec();
        try (Encoder encoder = Encoders.create(request.encoder())) {
            EncodeStep.requireComparable(request.saved(), encoder.spec());
            var outcome = EncodePipeline.run(queries.datasets(), queries.files(), queries.skipped(), encoder, null,
                    request.progress());
            encoded = outcome.encodings().images();
            skipped = outcome.encodings().skipped();
        }
        double threshold = Threshold.of(request.threshold(), spec).value();
        // Saved images first, then the queries, as two datasets: a cross-dataset search pairs each query
        // with saved images only, exactly as find would.
        Dataset savedSide = new Dataset("saved", Path.of("/"));
        Dataset querySide = new Dataset("query", Path.of("/"));
        List<EncodedImage> all = new ArrayList<>();
        for (EncodedImage e : request.saved().images()) {
            all.add(relabel(e, savedSide, all.size()));
        }
        int first = all.size();
        for (EncodedImage e : encoded) {
            all.add(relabel(e, querySide, all.size()));
        }
        PairSearch search = PairSearches.forSpec(spec, request.encoder().workers(), request.encoder().device());
        List<Match> pairs = search.findPairs(all, new SearchOptions(threshold, true), request.progress());
        request.progress().close();
        Map<Integer, List<Hit>> byQuery = new LinkedHashMap<>();
        for (int q = 0; q < encoded.size(); q++) {
            byQuery.put(q, new ArrayList<>());
        }
        for (Match m : pairs) {
            int q = Math.max(m.a(), m.b()) - first;
            int s = Math.min(m.a(), m.b());
            ImageFile saved = s < first ? request.saved().images().get(s).file() : null;
            // a query image that is itself among the saved ones is not its own duplicate
            if (q >= 0 && saved != null && !sameFile(saved.path(), encoded.get(q).file().path())) {
                byQuery.get(q).add(new Hit(saved, m.score()));
            }
        }
        Comparator<Hit> nearest = spec.metric() == EncoderSpec.Metric.COSINE
                ? Comparator.comparingDouble(Hit::score).reversed() : Comparator.comparingDouble(Hit::score);
        nearest = nearest.thenComparing(h -> h.file().key());
        List<Hits> hits = new ArrayList<>();
        for (var e : byQuery.entrySet()) {
            List<Hit> list = e.getValue();
            list.sort(nearest);
            hits.add(new Hits(encoded.get(e.getKey()).file().path(), list.subList(0, Math.min(request.top(), list.size()))));
        }
        return new Outcome(spec, threshold, hits, skipped);
    }

    /** The image under a unique name in {@code side}, so that searching never mixes two images up. */
    private static EncodedImage relabel(EncodedImage e, Dataset side, int index) {
        return new EncodedImage(new ImageFile(side, Integer.toString(index), e.file().size(), e.file().mtimeMillis()),
                e.fingerprint(), e.variants(), e.width(), e.height());
    }

    /** Folders are scanned as datasets; single files form one dataset per parent folder. */
    private static ScanResult scan(List<Path> paths) {
        DatasetScanner scanner = new DatasetScanner(new ScanOptions(false, false, false));
        List<Dataset> datasets = new ArrayList<>();
        List<ImageFile> files = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        Map<Path, Dataset> parents = new LinkedHashMap<>();
        for (Path p : paths) {
            Path abs = p.toAbsolutePath().normalize();
            if (Files.isDirectory(abs)) {
                ScanResult r = scanner.scanDirs(List.of(abs));
                datasets.addAll(r.datasets());
                files.addAll(r.files());
                skipped.addAll(r.skipped());
            } else if (Files.isRegularFile(abs)) {
                Dataset d = parents.computeIfAbsent(abs.getParent(),
                        dir -> new Dataset("query-" + (parents.size() + 1), dir));
                if (!datasets.contains(d)) {
                    datasets.add(d);
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(abs, BasicFileAttributes.class);
                    files.add(new ImageFile(d, abs.getFileName().toString(), a.size(), a.lastModifiedTime().toMillis()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + abs + ": " + e.getMessage(), e);
                }
            } else {
                throw new IllegalArgumentException("no such image or folder: " + p);
            }
        }
        return new ScanResult(datasets, files, skipped);
    }

    private static boolean sameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
