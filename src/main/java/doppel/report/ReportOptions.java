package doppel.report;

/**
 * How an HTML report is built.
 *
 * @param title         page title
 * @param thumbnailSize longer side of the embedded previews in pixels
 * @param jpegQuality   JPEG quality of the previews, 0..1
 * @param pageSize      groups shown per page
 * @param threads       threads that decode and shrink images
 */
public record ReportOptions(String title, int thumbnailSize, float jpegQuality, int pageSize, int threads) {
    public ReportOptions {
        if (title == null || title.isBlank()) {
            title = "Doppel duplicate report";
        }
        if (thumbnailSize < 16 || thumbnailSize > 1024) {
            throw new IllegalArgumentException("thumbnail size must be 16..1024 pixels, got " + thumbnailSize);
        }
        if (!(jpegQuality > 0 && jpegQuality <= 1)) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + jpegQuality);
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, got " + pageSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** 160-pixel previews at quality 0.8, 50 groups a page, up to 4 threads. */
    public static ReportOptions defaults() {
        return new ReportOptions(null, 160, 0.8f, 50, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    public ReportOptions withTitle(String t) {
        return new ReportOptions(t, thumbnailSize, jpegQuality, pageSize, threads);
    }

    public ReportOptions withPageSize(int n) {
        return new ReportOptions(title, thumbnailSize, jpegQuality, n, threads);
    }

    public ReportOptions withThreads(int n) {
        return new ReportOptions(title, thumbnailSize, jpegQuality, pageSize, n);
    }

    public ReportOptions withThumbnailSize(int px) {
        return new ReportOptions(title, px, jpegQuality, pageSize, threads);
    }
}
