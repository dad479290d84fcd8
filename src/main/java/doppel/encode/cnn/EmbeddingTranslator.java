package doppel.encode.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

/**
 * Feeds preprocessed CHW floats (from {@link Preprocessor}) to the model and returns the raw output
 * vector. Decoding and resizing happen on Doppel's decode threads, so this stays cheap on the engine thread.
 */
final class EmbeddingTranslator implements Translator<float[], float[]> {
    private final Shape inputShape;

    EmbeddingTranslator(ModelSpec spec) {
        this.inputShape = new Shape(3, spec.inputHeight(), spec.inputWidth());
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[] chw) {
        return new NDList(ctx.getNDManager().create(chw, inputShape));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        NDArray out = list.get(0);
        // pooled features kept as C x 1 x 1 (a ResNet trunk without flatten) are a vector too
        while (out.getShape().dimension() > 1 && out.getShape().get(out.getShape().dimension() - 1) == 1) {
            out = out.squeeze(-1);
        }
        if (out.getShape().dimension() != 1) {
            throw new NotAVectorException(out.getShape());
        }
        return out.toType(DataType.FLOAT32, false).toFloatArray();
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }

    /** The model returned something other than one vector per image (a feature map, a scalar). */
    static final class NotAVectorException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotAVectorException(Shape perImage) {
            super("model output is not a vector: each image gives shape " + perImage
                    + " (a feature map?); export the model with pooled features, e.g. the classifier replaced by"
                    + " Identity (scripts/export_model.py)");
        }
    }
}
