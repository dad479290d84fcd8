package doppel.encode.factory;

import doppel.encode.Encoder;
import doppel.encode.EncoderChoice;
import doppel.encode.EncoderException;
import doppel.encode.EncoderRegistry;
import doppel.encode.cnn.CnnEncoders;
import doppel.encode.cnn.CnnOptions;
import doppel.encode.hash.HashEncoders;
import doppel.encode.hash.HashOptions;
import java.util.List;
import java.util.Set;

/** Creates the encoder an {@link EncoderChoice} names: the one place that knows every encoder. */
public final class Encoders {
    /** Names accepted by {@link #create}: those of the {@link EncoderRegistry}. */
    public static final List<String> NAMES = EncoderRegistry.names();

    private Encoders() {
    }

    /**
     * Creates (and for cnn/clip, loads the model of) the chosen encoder.
     *
     * @throws IllegalArgumentException for an unknown name or bad parameters
     * @throws EncoderException when the model cannot be loaded
     */
    public static Encoder create(EncoderChoice choice) {
        return create(choice, null);
    }

    /**
     * Creates the chosen encoder; with dihedral variants, cnn and clip embed them only for the images of
     * {@code variantDatasets} (null: every dataset). Hash encoders make every image's variants from one small
     * resize, too cheap to leave out.
     */
    public static Encoder create(EncoderChoice choice, Set<String> variantDatasets) {
        if (!NAMES.contains(choice.name())) {
            throw new IllegalArgumentException("unknown encoder '" + choice.name() + "' (use one of "
                    + String.join(", ", NAMES) + ")");
        }
        if (choice.isEmbedding()) {
            return CnnEncoders.create(new CnnOptions(choice.name(), choice.model(), choice.modelUrl(), choice.device(),
                    choice.batchSize(), choice.workers(), choice.maxPixels(), choice.dihedral(), variantDatasets));
        }
        return HashEncoders.create(choice.name(), new HashOptions(choice.hashSize(), choice.compatImagededup(),
                choice.dihedral(), choice.workers(), choice.maxPixels()));
    }
}
