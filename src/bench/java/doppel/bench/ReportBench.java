package doppel.bench;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.report.HtmlReport;
import doppel.report.ReportOptions;
import doppel.results.ResultsFile;
import doppel.results.ResultsIO;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import doppel.search.KeepPolicy;
import doppel.search.Match;
import doppel.search.SearchOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Times the results writer/reader and the HTML report. Usage:
 * {@code ReportBench PHOTO_DIR OUT_DIR [GROUPS]}: the photos are paired into groups of two (real previews to
 * make), then a second report with GROUPS synthetic groups whose files do not exist (placeholders only)
 * measures the size and writing time of a large report.
 */
public final class ReportBench {
    private ReportBench() {
    }

    public static void main(String[] args) throws IOException {
        Path photos = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int bigGroups = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        Dataset ds = new Dataset("photos", photos);
        List<String> names;
        try (Stream<Path> s = Files.list(photos)) {
            names = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("(?i).*\\.(jpe?g|png|webp)")).sorted().toList();
        }
        DuplicateResult real = result(ds, names, names.size() / 2);
        time("photos: write results", () -> ResultsIO.write(real, out.resolve("photos.json"), null));
        ResultsFile rf = ResultsIO.read(out.resolve("photos.json"));
        int threads = ReportOptions.defaults().threads();
        long t0 = System.nanoTime();
        HtmlReport.Stats st = HtmlReport.write(rf, out.resolve("photos.html"), ReportOptions.defaults());
        System.out.printf("photos: report of %d groups, %d previews (%d threads): %.2f s, %,d bytes%n", st.groups(),
                st.thumbnails(), threads, (System.nanoTime() - t0) / 1e9, st.bytes());

        List<String> fake = new ArrayList<>();
        for (int i = 0; i < bigGroups * 2; i++) {
            fake.add("cluster" + (i % 100) + "/img" + i + ".jpg");
        }
        DuplicateResult big = result(new Dataset("big", out.resolve("nonexistent")), fake, bigGroups);
        time("big: write results (" + bigGroups + " groups)", () -> ResultsIO.write(big, out.resolve("big.json"), null));
        long r0 = System.nanoTime();
        ResultsFile bf = ResultsIO.read(out.resolve("big.json"));
        System.out.printf("big: read results: %.2f s, %,d bytes%n", (System.nanoTime() - r0) / 1e9, Files.size(out.resolve("big.json")));
        long h0 = System.nanoTime();
        HtmlReport.Stats bs = HtmlReport.write(bf, out.resolve("big.html"), ReportOptions.defaults());
        System.out.printf("big: report of %d groups (placeholders only): %.2f s, %,d bytes%n", bs.groups(),
                (System.nanoTime() - h0) / 1e9, bs.bytes());
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void time(String what, Step step) throws IOException {
        long t0 = System.nanoTime();
        step.run();
        System.out.printf("%s: %.2f s%n", what, (System.nanoTime() - t0) / 1e9);
    }

    /** Pairs consecutive files into groups of two; the report does not care whether they look alike. */
    private static DuplicateResult result(Dataset ds, List<String> names, int groups) throws IOException {
        List<EncodedImage> images = new ArrayList<>();
        for (String n : names) {
            Path p = ds.resolve(n);
            long size = Files.exists(p) ? Files.size(p) : 1000;
            images.add(new EncodedImage(new ImageFile(ds, n, size, 0), BitHash.of64(n.hashCode()), List.of(), 0, 0));
        }
        List<Match> pairs = new ArrayList<>();
        List<DuplicateGroup> gs = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            pairs.add(new Match(2 * g, 2 * g + 1, g % 11));
            gs.add(new DuplicateGroup(2 * g, List.of(2 * g, 2 * g + 1), List.of(Double.NaN, (double) (g % 11))));
        }
        EncoderSpec spec = new EncoderSpec("phash", EncoderSpec.Metric.HAMMING, 64, Map.of(), Map.of());
        return new DuplicateResult(spec, new SearchOptions(10, false), KeepPolicy.FIRST_DIR, List.of(ds), images,
                pairs, gs, List.of());
    }

}
