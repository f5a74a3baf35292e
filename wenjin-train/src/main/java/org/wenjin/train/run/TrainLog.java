package org.wenjin.train.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code train.log}: one JSON object per optimizer step (and one per held-out evaluation), appended and flushed as
 * the run goes, so a crashed run keeps its history. A resumed run first drops the lines after its checkpoint's step.
 */
public final class TrainLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public TrainLog(Path file) {
        this.file = file;
    }

    /** Appends one step. NaN fields are left out. */
    public void append(StepMetrics m) {
        ObjectNode line = JSON.createObjectNode();
        line.put("step", m.step());
        line.put("steps", m.steps());
        line.put("epoch", round(m.epoch(), 4));
        put(line, "loss", m.loss());
        line.put("lr", m.learningRate());
        put(line, "grad_norm", m.gradientNorm());
        line.put("tokens", m.tokens());
        line.put("tokens_per_s", round(m.tokensPerSecond(), 2));
        line.put("elapsed_s", round(m.elapsedSeconds(), 2));
        put(line, "eval_loss", m.evalLoss());
        write(line.toString() + "\n", StandardOpenOption.APPEND);
    }

    /** Keeps only the steps up to {@code step}, for a run resumed from that step's checkpoint. */
    public void truncateAfter(int step) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                // A process killed while appending leaves a partial last line; it is dropped with the later steps.
                if (!line.isBlank() && parse(line) != null && parse(line).path("step").asInt() <= step) {
                    kept.add(line);
                }
            }
            Files.write(file, kept, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file, e);
        }
    }

    /** Every step logged so far, oldest first. */
    public List<StepMetrics> read() {
        List<StepMetrics> steps = new ArrayList<>();
        if (!Files.exists(file)) {
            return steps;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                var n = line.isBlank() ? null : parse(line);
                if (n == null) {
                    continue;
                }
                steps.add(new StepMetrics(n.path("step").asInt(), n.path("steps").asInt(), n.path("epoch").asDouble(),
                        n.path("loss").asDouble(Double.NaN), n.path("lr").asDouble(),
                        n.path("grad_norm").asDouble(Double.NaN), n.path("tokens").asLong(),
                        n.path("tokens_per_s").asDouble(), n.path("elapsed_s").asDouble(),
                        n.has("eval_loss") ? n.path("eval_loss").asDouble() : Double.NaN, 0));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return steps;
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    private void write(String text, StandardOpenOption mode) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, mode);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void put(ObjectNode line, String key, double value) {
        if (Double.isFinite(value)) {
            line.put(key, value);
        }
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
