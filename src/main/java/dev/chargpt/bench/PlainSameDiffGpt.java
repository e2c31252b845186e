package dev.chargpt.bench;

import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.OptimizerConfig;
import dev.chargpt.model.CausalSelfAttentionBlock;
import dev.chargpt.model.CharEmbeddingLayer;
import dev.chargpt.model.LanguageModelHead;
import dev.chargpt.train.WarmupCosineSchedule;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The same model as one plain SameDiff graph trained with {@code sd.fit}: the same layer
 * definitions, called directly, without DL4J's layer API around them. The benchmark runs both so
 * the cost of the layer API is known. Dropout is left out (the plain graph has no mask input).
 */
final class PlainSameDiffGpt {
    private final SameDiff sd = SameDiff.create();

    PlainSameDiffGpt(ModelConfig m, OptimizerConfig o, long seed) {
        Nd4j.getRandom().setSeed(seed);
        SDVariable ids = sd.placeHolder("ids", DataType.FLOAT, -1, m.blockSize());
        SDVariable labels = sd.placeHolder("labels", DataType.FLOAT, -1, m.blockSize());
        double residualStd = 0.02 / Math.sqrt(2.0 * m.layers());
        CharEmbeddingLayer embedding = new CharEmbeddingLayer(m.vocabSize(), m.blockSize(), m.width(), 0.0, seed);
        SDVariable x = embedding.defineLayer(sd, ids, params("embedding", embedding), null);
        for (int i = 0; i < m.layers(); i++) {
            CausalSelfAttentionBlock block = new CausalSelfAttentionBlock(m.width(), m.heads(), m.blockSize(), 0.0, seed, residualStd);
            x = block.defineLayer(sd, x, params("block" + i, block), null);
        }
        LanguageModelHead head = new LanguageModelHead(m.width(), m.vocabSize(), m.blockSize());
        head.defineLayer(sd, x, labels, params("head", head));
        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(Adam.builder()
                        .learningRateSchedule(new WarmupCosineSchedule(o.learningRate(), o.minLearningRate(), o.warmupSteps(), o.decaySteps()))
                        .beta1(o.beta1()).beta2(o.beta2()).epsilon(1e-8).build())
                .weightDecay(o.weightDecay(), true)
                .dataSetFeatureMapping("ids")
                .dataSetLabelMapping("labels")
                .build());
    }

    private Map<String, SDVariable> params(String prefix, AbstractSameDiffLayer layer) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        layer.getLayerParams().getParamShapes().forEach((name, shape) -> arrays.put(name, Nd4j.create(DataType.FLOAT, shape)));
        layer.initializeParameters(arrays);
        Map<String, SDVariable> variables = new LinkedHashMap<>();
        arrays.forEach((name, array) -> variables.put(name, sd.var(prefix + "-" + name, array)));
        return variables;
    }

    void fit(org.nd4j.linalg.dataset.DataSet batch) {
        sd.fit(batch);
    }
}
