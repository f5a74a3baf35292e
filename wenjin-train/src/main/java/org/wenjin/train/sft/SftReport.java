package org.wenjin.train.sft;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.wenjin.train.data.EncodedSet;
import org.wenjin.train.data.SftSplit;

/**
 * The report card of a fine-tuning run: what went in, what came out and what it cost, as {@code report.md} for a
 * person and {@code report.json} for scripts, in the run directory.
 */
public record SftReport(SftRequest request, SftResult result, SftSplit split, EncodedSet data, MemoryEstimate estimate,
                        long peakMemoryBytes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public void write(Path directory) throws IOException {
        Files.writeString(directory.resolve("report.md"), markdown());
        ObjectNode json = JSON.createObjectNode();
        json.put("stage", "sft");
        json.put("base", request.base().toString());
        json.put("output", request.output().toString());
        json.put("output_type", request.outputType().toString());
        if (request.adapterOutput() != null) {
            json.put("adapter", request.adapterOutput().toString());
        }
        json.put("method", method());
        json.put("train_examples", split.train().size());
        json.put("held_out_examples", split.heldOut().size());
        json.put("trained_tokens", data.trainedTokens());
        json.put("steps", result.steps());
        json.put("resumed_from", result.resumedFrom());
        json.put("tokens", result.tokens());
        put(json, "final_loss", result.finalLoss());
        put(json, "eval_loss_before", result.evalLossBefore());
        put(json, "eval_loss_after", result.evalLossAfter());
        json.put("seconds", result.seconds());
        json.put("tokens_per_s", result.tokensPerSecond());
        json.put("peak_memory_bytes", peakMemoryBytes);
        json.put("estimated_memory_bytes", estimate.total());
        Files.writeString(directory.resolve("report.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }

    private String method() {
        SftOptions o = request.options();
        return o.lora() == null ? "full fine-tuning"
                : String.format(Locale.ROOT, "LoRA r=%d alpha=%s dropout=%s on %s", o.lora().rank(), o.lora().alpha(),
                o.lora().dropout(), o.lora().targets().stream().map(t -> t.shortName()).sorted().toList());
    }

    /** The card as a Markdown table. */
    public String markdown() {
        SftOptions o = request.options();
        StringBuilder md = new StringBuilder("# Supervised fine-tuning\n\n| | |\n|---|---|\n");
        row(md, "base model", request.base().toString());
        row(md, "method", method());
        row(md, "precision", o.precision().toString().toLowerCase(Locale.ROOT));
        row(md, "examples", String.format(Locale.ROOT, "%d trained on, %d held out, %d duplicates removed, %d truncated",
                split.train().size(), split.heldOut().size(), split.duplicates(), data.truncated()));
        row(md, "trained tokens", Long.toString(data.trainedTokens()));
        row(md, "schedule", String.format(Locale.ROOT, "%d steps of %d tokens, lr %s (warm-up %.0f%%, cosine), seed %d",
                result.steps(), o.sequencesPerStep() * o.sequenceLength(), o.learningRate(), o.warmupRatio() * 100,
                o.seed()));
        if (result.resumedFrom() > 0) {
            row(md, "resumed from", "step " + result.resumedFrom());
        }
        row(md, "final training loss", String.format(Locale.ROOT, "%.4f", result.finalLoss()));
        row(md, "held-out loss", String.format(Locale.ROOT, "%.4f before, %.4f after", result.evalLossBefore(),
                result.evalLossAfter()));
        row(md, "speed", String.format(Locale.ROOT, "%.1f tokens/s (%d tokens in %.1f s)", result.tokensPerSecond(),
                result.tokens(), result.seconds()));
        row(md, "peak memory", String.format(Locale.ROOT, "%s (estimated %s)", MemoryEstimate.gib(peakMemoryBytes),
                MemoryEstimate.gib(estimate.total())));
        row(md, "output", request.output() + " (" + request.outputType() + ")");
        if (request.adapterOutput() != null) {
            row(md, "adapter", request.adapterOutput().toString());
        }
        md.append("\n![loss curve](loss.svg)\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }

    private static void put(ObjectNode json, String key, double value) {
        if (Double.isFinite(value)) {
            json.put(key, value);
        }
    }
}
