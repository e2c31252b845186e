package dev.chargpt.spark;

import dev.chargpt.BadInputException;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.OptimizerConfig;
import dev.chargpt.config.RunConfig;
import dev.chargpt.fixture.TinyGpt;
import dev.chargpt.train.ClusterSettings;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.FixedThresholdAlgorithm;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark trainer on a real local[2] context: parameter averaging moves the driver's weights and
 * counts one iteration per step, which the learning-rate schedule reads (the no-learning guard is
 * tested through the command line, SparkTrainCommandTest).
 */
@Tag("spark")
class SparkStepTrainerTest {
    private static final ModelConfig MODEL = new ModelConfig(12, 1, 2, 16, 8, 0.0);
    private static JavaSparkContext context;

    @BeforeAll
    static void start() {
        AeronSettings.applyHere();
        context = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("guard-test")
                .set("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    private static RunConfig config(double learningRate) {
        return new RunConfig("test", "cpu-small", MODEL, new OptimizerConfig(learningRate, learningRate / 10, 0, 100, 0.0,
                0.9, 0.95, 1.0), 8, 1, 7, 10);
    }

    private static List<DataSet> steps(int count) {
        List<DataSet> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            INDArray tokens = Nd4j.createFromArray(TinyGpt.randomIds(8 * 9, 12, 100 + i)).castTo(DataType.FLOAT).reshape(8, 9);
            steps.add(new DataSet(tokens.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8)).dup(), tokens.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 9)).dup()));
        }
        return steps;
    }

    @Test
    void averagingMovesTheWeightsAndCountsTheSteps() {
        MultiLayerNetwork network = TinyGpt.network(MODEL, 3, 0.1, DataType.FLOAT);
        INDArray before = network.params().dup();
        SparkStepTrainer trainer = new SparkStepTrainer(context, network, config(0.01), ClusterSettings.Mode.AVERAGING, 2, 2,
                "127.0.0.1");
        double loss = trainer.fit(steps(10));
        assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
        assertNotEquals(before, network.params());
        assertEquals(10, network.getIterationCount(), "one iteration per step, whatever the master counted");
    }

    @Test
    void sharingMovesTheWeightsCallAfterCall() {
        MultiLayerNetwork network = TinyGpt.network(MODEL, 3, 0.1, DataType.FLOAT);
        SparkStepTrainer trainer = new SparkStepTrainer(context, network, config(0.01), ClusterSettings.Mode.SHARING, 2, 2,
                "127.0.0.1");
        // three calls: DL4J's JVM-wide sharing state outlives each one, and the third once deadlocked
        for (int call = 1; call <= 3; call++) {
            INDArray before = network.params().dup();
            double loss = trainer.fit(steps(10));
            assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss + " in call " + call);
            assertNotEquals(before, network.params(), "call " + call);
            assertEquals(10 * call, network.getIterationCount());
        }
    }

    @Test
    void sharingThatLetsNoUpdateThroughIsRefused() {
        MultiLayerNetwork network = TinyGpt.network(MODEL, 3, 0.1, DataType.FLOAT);
        INDArray before = network.params().dup();
        // a threshold no update reaches: every worker applies only what it shares, so nothing changes
        SparkStepTrainer trainer = new SparkStepTrainer(context, network, config(0.01), ClusterSettings.Mode.SHARING, 2, 2,
                "127.0.0.1", new FixedThresholdAlgorithm(1e6));
        BadInputException refused = assertThrows(BadInputException.class, () -> trainer.fit(steps(10)));
        assertTrue(refused.getMessage().startsWith("Spark trained nothing in steps 1-10: the weights did not change"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("DL4J_VOID_IP"), refused.getMessage());
        assertEquals(before, network.params());
    }
    @Test
    void aFailedJobIsSaidInPlainWords() {
        // Spark's own abort messages, as a run on the local cluster printed them
        SparkException executorKilled = new SparkException("Job aborted due to stage failure: Task 1 in stage 11.0 failed 1"
                + " times, most recent failure: Lost task 1.0 in stage 11.0 (TID 23) (127.0.0.1 executor 0):"
                + " ExecutorLostFailure (executor 0 exited caused by one of the running tasks) Reason: Command exited with"
                + " code 137\nDriver stacktrace:");
        assertEquals(new SparkStepTrainer.Failure("an executor was lost: command exited with code 137",
                "start the cluster's executors again"), SparkStepTrainer.Failure.of(executorKilled, "127.0.0.1"));
        SparkException meshUnreachable = new SparkException("Job aborted due to stage failure: Task 1 in stage 1.0 failed 1"
                + " times, most recent failure: Lost task 1.0 in stage 1.0 (TID 3) (127.0.0.1 executor 0):"
                + " org.nd4j.linalg.exception.ND4JIllegalStateException: Can't establish connection afet 10 seconds."
                + " Terminating...\n\tat org.nd4j.parameterserver.distributed.v2.transport.impl.AeronUdpTransport"
                + ".addConnection(AeronUdpTransport.java:321)\nDriver stacktrace:");
        SparkStepTrainer.Failure mesh = SparkStepTrainer.Failure.of(meshUnreachable, "10.0.0.5");
        assertEquals("an executor could not reach this driver's gradient-sharing mesh over UDP at 10.0.0.5", mesh.reason());
        assertTrue(mesh.fix().startsWith("set DL4J_VOID_IP"), mesh.fix());
        // a reason in plain words stays; Spark's trailer goes
        assertEquals("the master is shutting down", SparkStepTrainer.Failure.of(
                new SparkException("The master is shutting down\nDriver stacktrace:"), "127.0.0.1").reason());
    }
}
