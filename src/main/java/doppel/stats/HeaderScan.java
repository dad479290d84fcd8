package doppel.stats;

import doppel.dataset.ImageFile;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers of a list of files: readable ones with their size and format, broken ones with a one-line
 * reason. Both maps keep the order of the scanned list.
 *
 * @param headers headers of the files that could be read
 * @param broken  files whose header could not be read, with the reason
 */
public record HeaderScan(Map<ImageFile, ImageHeader> headers, Map<ImageFile, String> broken) {
    public HeaderScan {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        broken = Collections.unmodifiableMap(new LinkedHashMap<>(broken));
    }

    /** Width and height ({@code {w, h}}) of every readable file, the input {@code Split.plan} takes. */
    public Map<ImageFile, int[]> sizes() {
        Map<ImageFile, int[]> sizes = new LinkedHashMap<>();
        headers.forEach((f, h) -> sizes.put(f, new int[] {h.width(), h.height()}));
        return sizes;
    }
}
