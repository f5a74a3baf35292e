package org.wenjin.train.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.train.TinyModelFiles;
import org.wenjin.train.data.DataProblem;
import org.wenjin.train.export.ExportType;
import org.wenjin.train.model.LoraSettings;
import org.wenjin.train.model.LoraTarget;
import org.wenjin.train.run.StepMetrics;
import org.wenjin.train.run.TrainLog;

/**
 * A run stopped part-way and resumed from its last checkpoint ends exactly where the same run without the
 * interruption ends: same data order, same dropout, same optimizer state.
 */
class SftResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void anInterruptedRunResumedFromItsCheckpointEndsWithTheUninterruptedLoss() throws IOException {
        Path data = sentences();
        SftReport uninterrupted = SftRun.run(request(data, "whole", false), new Reporter(-1));

        Path interruptedRun = directory.resolve("interrupted.run");
        assertThatThrownBy(() -> SftRun.run(request(data, "interrupted", false), new Reporter(7)))
                .hasMessageContaining("stopped at step 7");
        assertThat(Files.exists(interruptedRun.resolve("checkpoints/step-000004/state.json"))).isTrue();
        assertThat(Files.exists(directory.resolve("interrupted.gguf"))).as("no output from a stopped run").isFalse();

        SftReport resumed = SftRun.run(request(data, "interrupted", true), new Reporter(-1));
        assertThat(resumed.result().resumedFrom()).isEqualTo(4);
        assertThat(resumed.result().finalLoss()).isCloseTo(uninterrupted.result().finalLoss(),
                org.assertj.core.data.Offset.offset(1e-4));
        assertThat(resumed.result().evalLossAfter()).isCloseTo(uninterrupted.result().evalLossAfter(),
                org.assertj.core.data.Offset.offset(1e-4));
        List<StepMetrics> log = new TrainLog(interruptedRun.resolve("train.log")).read();
        assertThat(log).extracting(StepMetrics::step).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(Files.exists(directory.resolve("interrupted.gguf"))).isTrue();

        // Run again after it finished (as after a kill during the export): the same figures, from its log.
        SftReport again = SftRun.run(request(data, "interrupted", true), new Reporter(-1));
        assertThat(again.result().resumedFrom()).isEqualTo(12);
        assertThat(again.result().finalLoss()).isEqualTo(resumed.result().finalLoss());
        assertThat(again.result().evalLossAfter()).isEqualTo(resumed.result().evalLossAfter());
    }

    @Test
    void aResumeWithOtherSettingsIsRefused() throws IOException {
        Path data = sentences();
        SftRun.run(request(data, "first", false), new Reporter(-1));
        SftRequest other = request(data, "first", true);
        SftOptions changed = new SftOptions(other.options().lora(), 1, 5e-3, 128, 64, 12, 7, 0.1, 0.0, 1.0, 0, 4,
                DataType.FLOAT32);
        SftRequest changedRequest = new SftRequest(other.base(), other.dataFiles(), List.of(), "", changed, 0.2,
                ExportType.F32, other.output(), null, other.runDirectory(), true, 0, "test");
        assertThatThrownBy(() -> SftRun.run(changedRequest, new Reporter(-1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("other settings or data");
    }

    private Path sentences() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String sentence : SftLearnsTest.SENTENCES) {
            lines.add(JSON.writeValueAsString(Map.of("text", sentence)));
        }
        Path data = directory.resolve("data.jsonl");
        Files.write(data, lines);
        return data;
    }

    /**
     * Twelve steps of two 64-token sequences, LoRA with dropout (which the backward pass's recomputation must repeat
     * exactly), a checkpoint every four steps, 20 % held out.
     */
    private SftRequest request(Path data, String name, boolean resume) {
        SftOptions options = new SftOptions(new LoraSettings(4, 8f, 0.1f, LoraTarget.all()), 1, 1e-2, 128, 64, 12, 7,
                0.1, 0.0, 1.0, 0, 4, DataType.FLOAT32);
        return new SftRequest(TinyModelFiles.stories260K(), List.of(TrainingFile.of(data)), List.of(), "", options, 0.2, ExportType.F32,
                directory.resolve(name + ".gguf"), null, directory.resolve(name + ".run"), resume, 0, "test");
    }

    /** Stops the run, as a kill would, when step {@code stopAt} has ended (after its log line). */
    private record Reporter(int stopAt) implements SftRun.Reporter {
        @Override
        public void problem(DataProblem problem) {
        }

        @Override
        public void info(String message) {
        }

        @Override
        public void step(StepMetrics metrics) {
            if (metrics.step() == stopAt) {
                throw new IllegalStateException("stopped at step " + stopAt);
            }
        }
    }
}
