package doppel.encode;

import doppel.encode.factory.Encoders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdTest {
    private static EncoderSpec hash(String name, int bits, boolean dihedral) {
        return new EncoderSpec(name, EncoderSpec.Metric.HAMMING, bits, Map.of(),
                Map.of("decode", "fast", "dihedral", String.valueOf(dihedral)));
    }

    @Test
    void defaultsComeFromTheRegistryScaledWithBitsAndTighterWithDihedral() {
        assertEquals(10, Threshold.of(null, hash("phash", 64, false)).value());
        assertEquals(8, Threshold.of(null, hash("phash", 64, true)).value());
        assertEquals(40, Threshold.of(null, hash("phash", 256, false)).value());
        assertEquals(2, Threshold.of(null, hash("phash", 16, false)).value(), "10/64 of 16 bits, rounded down");
        assertEquals(8, Threshold.of(null, hash("dhash", 64, false)).value());
        assertEquals(10, Threshold.of(null, hash("whash", 64, false)).value(), "its removals are verified geometrically");
        assertEquals(0, Threshold.of(null, hash("ahash", 64, true)).value());
        assertTrue(EncoderRegistry.removalsNeedVerification(hash("ahash", 64, false)));
        assertFalse(EncoderRegistry.removalsNeedVerification(hash("phash", 64, false)));
        assertEquals(0, Threshold.of(null, hash("md5", 128, false)).value());
        EncoderSpec cnn = new EncoderSpec("cnn", EncoderSpec.Metric.COSINE, 512, Map.of(), Map.of());
        assertEquals(0.9, Threshold.of(null, cnn).value());
        assertEquals(EncoderRegistry.names(), Encoders.NAMES);
    }

    @Test
    void anExplicitThresholdKeepsImagededupsMeaningAndIsChecked() {
        EncoderSpec phash = hash("phash", 64, false);
        Threshold t = Threshold.of(12.0, phash);
        assertEquals(12, t.value());
        assertTrue(t.admits(12));
        assertFalse(t.admits(13));
        assertEquals("12", t.toString());
        assertThrows(IllegalArgumentException.class, () -> Threshold.of(65.0, phash));
        assertThrows(IllegalArgumentException.class, () -> Threshold.of(2.5, phash));
        EncoderSpec clip = new EncoderSpec("clip", EncoderSpec.Metric.COSINE, 512, Map.of(), Map.of());
        assertTrue(Threshold.of(0.8, clip).admits(0.85));
        assertThrows(IllegalArgumentException.class, () -> Threshold.of(1.5, clip));
        assertThrows(IllegalArgumentException.class, () -> EncoderRegistry.get("bogus"));
    }
}
