package doppel.search;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.encode.EncoderSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairSearchesTest {
    @Test
    void metricPicksTheSearch() {
        EncoderSpec md5 = new EncoderSpec("md5", EncoderSpec.Metric.HAMMING, 128, Map.of(), Map.of());
        EncoderSpec cnn = new EncoderSpec("cnn", EncoderSpec.Metric.COSINE, 576, Map.of(), Map.of());
        assertInstanceOf(HammingSearch.class, PairSearches.forSpec(md5, 2, "gpu"), "hashes ignore the device");
        assertInstanceOf(CosineSearch.class, PairSearches.forSpec(cnn, 2, "cpu"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PairSearches.forSpec(cnn, 2, "tpu"));
        assertTrue(e.getMessage().contains("auto, cpu or gpu"), e.getMessage());
    }
}
