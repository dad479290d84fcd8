package doppel.encode.cnn;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * How to feed an embedding model and read its output, stored as JSON beside the model file
 * ({@code model.pt} → {@code model.json}); the format is described in {@code models/README.md}.
 *
 * @param id              model id recorded in encodings (changing it makes old encodings incomparable)
 * @param inputWidth      network input width in pixels
 * @param inputHeight     network input height in pixels
 * @param resize          {@code resize-exact} (squash the whole image to the input size) or
 *                        {@code resize-short-then-center-crop} (ImageNet style)
 * @param resizeShortSide short side after resizing, for {@code resize-short-then-center-crop}
 * @param mean            per-channel mean subtracted after scaling to {@code inputRange}, in channel order
 * @param std             per-channel standard deviation divided by, in channel order
 * @param outputDim       embedding dimension, or 0 when unknown (then taken from the model)
 * @param l2normalize     whether Doppel L2-normalises the output
 * @param channelOrder    {@code RGB} or {@code BGR}
 * @param inputRange      {@code 0..1} or {@code 0..255}: the pixel scale before mean/std
 * @param description     free text
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelSpec(String id, int inputWidth, int inputHeight, String resize, int resizeShortSide,
                        float[] mean, float[] std, int outputDim, boolean l2normalize, String channelOrder,
                        String inputRange, String description) {
    /** Squash the image to the input size. */
    public static final String RESIZE_EXACT = "resize-exact";
    /** Resize the short side to {@link #resizeShortSide}, then cut the centre. */
    public static final String RESIZE_SHORT_CROP = "resize-short-then-center-crop";
    private static final Set<String> RESIZES = Set.of(RESIZE_EXACT, RESIZE_SHORT_CROP);
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("'id' is missing");
        }
        if (inputWidth <= 0 || inputHeight <= 0) {
            throw new IllegalArgumentException("'inputWidth'/'inputHeight' must be positive");
        }
        resize = resize == null ? RESIZE_SHORT_CROP : resize;
        if (!RESIZES.contains(resize)) {
            throw new IllegalArgumentException("'resize' must be one of " + RESIZES + ", not '" + resize + "'");
        }
        if (RESIZE_SHORT_CROP.equals(resize) && resizeShortSide < Math.max(inputWidth, inputHeight)) {
            throw new IllegalArgumentException("'resizeShortSide' " + resizeShortSide
                    + " is smaller than the input size " + inputWidth + "x" + inputHeight);
        }
        mean = mean == null ? new float[3] : mean.clone();
        std = std == null ? new float[] {1, 1, 1} : std.clone();
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("'mean' and 'std' need 3 values each");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("'std' values must be positive");
            }
        }
        if (outputDim < 0) {
            throw new IllegalArgumentException("'outputDim' must not be negative");
        }
        channelOrder = channelOrder == null ? "RGB" : channelOrder;
        if (!channelOrder.equals("RGB") && !channelOrder.equals("BGR")) {
            throw new IllegalArgumentException("'channelOrder' must be RGB or BGR, not '" + channelOrder + "'");
        }
        inputRange = inputRange == null ? "0..1" : inputRange;
        if (!inputRange.equals("0..1") && !inputRange.equals("0..255")) {
            throw new IllegalArgumentException("'inputRange' must be 0..1 or 0..255, not '" + inputRange + "'");
        }
        description = description == null ? "" : description;
    }

    /** The spec file that belongs to a model file: same name, extension {@code .json}. */
    public static Path besideModel(Path model) {
        String name = model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }

    /**
     * Reads a spec file.
     *
     * @throws IOException with a one-line message when the file is unreadable or invalid
     */
    public static ModelSpec read(Path json) throws IOException {
        try {
            return JSON.readValue(json.toFile(), ModelSpec.class);
        } catch (IOException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String why = root instanceof IllegalArgumentException ? root.getMessage()
                    : e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IOException("bad model spec " + json + ": " + why, e);
        }
    }

    /** Writes the spec as JSON. */
    public void write(Path json) throws IOException {
        doppel.io.AtomicWrite.writeString(json, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
    }

    /** Input size as {@code WxH}. */
    public String inputSize() {
        return inputWidth + "x" + inputHeight;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && id.equals(s.id) && inputWidth == s.inputWidth && inputHeight == s.inputHeight
                && resize.equals(s.resize) && resizeShortSide == s.resizeShortSide && Arrays.equals(mean, s.mean)
                && Arrays.equals(std, s.std) && outputDim == s.outputDim && l2normalize == s.l2normalize
                && channelOrder.equals(s.channelOrder) && inputRange.equals(s.inputRange)
                && description.equals(s.description);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + Arrays.hashCode(mean) + 7 * Arrays.hashCode(std) + inputWidth * 13 + inputHeight;
    }

    @Override
    public String toString() {
        return "ModelSpec[" + id + ", " + inputSize() + ", " + resize + ", dim " + outputDim + "]";
    }
}
