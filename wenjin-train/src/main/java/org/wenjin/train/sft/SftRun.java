package org.wenjin.train.sft;

import org.wenjin.train.model.Torch;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufTensorInfo;
import org.wenjin.llm.model.ModelConfig;
import org.wenjin.train.data.DataProblem;
import org.wenjin.train.data.DataSource;
import org.wenjin.train.data.EncodedExample;
import org.wenjin.train.data.EncodedSet;
import org.wenjin.train.data.SftDataException;
import org.wenjin.train.data.SftEncoder;
import org.wenjin.train.data.SftFile;
import org.wenjin.train.data.SftJsonlReader;
import org.wenjin.train.data.SftSplit;
import org.wenjin.train.export.LoraAdapterExport;
import org.wenjin.train.export.LoraFactors;
import org.wenjin.train.export.MergedModelExport;
import org.wenjin.train.model.AdaptedLinear;
import org.wenjin.train.model.CausalLm;
import org.wenjin.train.model.TrainableParameter;
import org.wenjin.train.run.PeakMemory;
import org.wenjin.train.run.StepMetrics;

/**
 * The {@code train sft} stage from files to files: read and encode the data, split it, check the memory, write the
 * run's manifest, train, export the merged model (and the adapter), and write the report card.
 */
public final class SftRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Hears what the run does, for the command line to print. */
    public interface Reporter {
        /** A record or example that was skipped, and why. */
        void problem(DataProblem problem);

        /** A line of information (data read, memory needed, files written). */
        void info(String message);

        /** An optimizer step ended. */
        void step(StepMetrics metrics);
    }

    private SftRun() {
    }

    /**
     * Runs the request.
     *
     * @throws SftDataException       if no usable example is left
     * @throws IllegalStateException  if the model needs more memory than the limit, or a resume does not match
     * @throws IOException            if a file cannot be read or written
     */
    public static SftReport run(SftRequest request, Reporter reporter) throws IOException {
        SftOptions options = request.options();
        Files.createDirectories(request.runDirectory());
        try (GgufFile base = GgufFile.open(request.base())) {
            ModelConfig config = ModelConfig.fromGguf(base);
            if (options.sequenceLength() > config.contextLength()) {
                throw new IllegalArgumentException("--seq-len " + options.sequenceLength() + " is longer than the model's"
                        + " context of " + config.contextLength() + " tokens");
            }
            try {
                MergedModelExport.checkPossible(base, request.outputType());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--type " + request.outputType() + " is not possible for "
                        + request.base().getFileName() + ": " + e.getMessage(), e);
            }
            long parameters = base.tensors().stream().mapToLong(GgufTensorInfo::elementCount).sum();
            long limit = request.memoryLimit() > 0 ? request.memoryLimit() : MemoryEstimate.physicalMemory();
            MemoryEstimate memory = MemoryEstimate.of(config, parameters, Files.size(request.base()), options);
            if (limit > 0 && memory.total() > limit) {
                throw new IllegalStateException(String.format(Locale.ROOT, "%s needs about %s to train this way, more"
                        + " than the %s this run may use; use LoRA (--lora-rank), a shorter --seq-len, or a smaller"
                        + " model", request.base().getFileName(), memory,
                        MemoryEstimate.gib(limit)));
            }

            SftEncoder encoder = SftEncoder.fromGguf(base);
            List<DataSource> sources = new ArrayList<>();
            List<EncodedSet> sets = new ArrayList<>();
            Map<EncodedExample, Integer> repeats = new HashMap<>();
            for (TrainingFile file : request.dataFiles()) {
                SftFile read = SftJsonlReader.read(file.path());
                read.problems().forEach(reporter::problem);
                sources.add(read.source());
                EncodedSet set = encoder.encodeAll(read.examples(), options.sequenceLength());
                sets.add(set);
                for (EncodedExample e : set.examples()) {
                    repeats.merge(e, file.repeat(), Math::max);
                }
                reporter.info(String.format(Locale.ROOT, "%s: %d examples, %d skipped%s", file.path(),
                        read.examples().size(), read.problems().size(),
                        file.repeat() > 1 ? ", each repeated " + file.repeat() + " times per epoch" : ""));
            }
            if (!request.extraExamples().isEmpty()) {
                sets.add(encoder.encodeAll(request.extraExamples(), options.sequenceLength()));
            }
            EncodedSet encoded = merge(sets);
            encoded.problems().forEach(reporter::problem);
            if (encoded.examples().isEmpty()) {
                throw new SftDataException("no usable training example: every record was skipped", encoded.problems());
            }
            SftSplit split = SftSplit.of(encoded.examples(), request.heldOutFraction(), options.seed());
            reporter.info(String.format(Locale.ROOT, "%d examples (%d trained tokens): %d to train on, %d held out,"
                            + " %d duplicates removed, %d truncated to %d tokens", encoded.examples().size(),
                    encoded.trainedTokens(), split.train().size(), split.heldOut().size(), split.duplicates(),
                    encoded.truncated(), options.sequenceLength()));
            reporter.info("memory needed: about " + memory);

            TrainingPlan plan = new TrainingPlan(split, options, e -> repeats.getOrDefault(e, 1));
            String fingerprint = fingerprint(request, encoded.examples(), repeats);
            writeManifest(request, sources, split, plan, fingerprint);

            SftResult result;
            Trained trained;
            try (NDManager manager = Torch.newManager()) {
                CausalLm model = CausalLm.load(base, manager, options.precision(), options.lora(), options.seed());
                SftTrainer trainer = new SftTrainer(model, manager, options, plan, request.runDirectory(), fingerprint);
                result = trainer.train(request.resume(), reporter::step);
                trained = Trained.of(model);
            }
            // The training engine's memory is released before the export, whose own peak would otherwise add to it.
            export(base, trained, request, reporter);
            SftReport report = new SftReport(request, result, split, encoded, memory, PeakMemory.bytes());
            report.write(request.runDirectory());
            return report;
        }
    }

    /** What the export needs of a trained model, as floats: every tensor for full fine-tuning, else the factors. */
    private record Trained(Map<String, float[]> tensors, Map<String, LoraFactors> factors, float alpha) {
        static Trained of(CausalLm model) {
            if (model.lora() != null) {
                Map<String, LoraFactors> factors = new LinkedHashMap<>();
                for (Map.Entry<String, AdaptedLinear> e : model.adapters().entrySet()) {
                    AdaptedLinear m = e.getValue();
                    factors.put(e.getKey(), new LoraFactors(model.lora().rank(), (int) m.inputs(), (int) m.outputs(),
                            floats(m.loraA()), floats(m.loraB())));
                }
                return new Trained(Map.of(), factors, model.lora().alpha());
            }
            Map<String, float[]> tensors = new LinkedHashMap<>();
            for (TrainableParameter p : model.trainable()) {
                tensors.put(p.name(), floats(p.value()));
            }
            return new Trained(tensors, Map.of(), 0);
        }

        private static float[] floats(NDArray array) {
            return array.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        }
    }

    /** The merged model, and the adapter alone when asked. */
    private static void export(GgufFile base, Trained trained, SftRequest request, Reporter reporter)
            throws IOException {
        if (trained.factors().isEmpty()) {
            MergedModelExport.write(base, trained.tensors(), request.outputType(), request.output());
        } else {
            MergedModelExport.writeMerged(base, trained.factors(), trained.alpha(), request.outputType(),
                    request.output());
            if (request.adapterOutput() != null) {
                LoraAdapterExport.write(base, trained.factors(), trained.alpha(), request.adapterOutput());
                reporter.info("wrote the LoRA adapter " + request.adapterOutput());
            }
        }
        reporter.info("wrote " + request.output() + " (" + request.outputType() + ")");
    }

    /** The encoded sets of several sources as one, in order. */
    private static EncodedSet merge(List<EncodedSet> sets) {
        List<EncodedExample> examples = new ArrayList<>();
        List<DataProblem> problems = new ArrayList<>();
        int truncated = 0;
        int dropped = 0;
        for (EncodedSet set : sets) {
            examples.addAll(set.examples());
            problems.addAll(set.problems());
            truncated += set.truncated();
            dropped += set.dropped();
        }
        return new EncodedSet(examples, truncated, dropped, problems);
    }

    /** A hash of what determines the run's arithmetic: the base, the encoded data and the options. */
    private static String fingerprint(SftRequest request, List<EncodedExample> examples,
                                      Map<EncodedExample, Integer> repeats) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(request.base().toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            digest.update(Long.toString(Files.size(request.base())).getBytes(StandardCharsets.UTF_8));
            digest.update(request.options().toString().getBytes(StandardCharsets.UTF_8));
            digest.update(Double.toString(request.heldOutFraction()).getBytes(StandardCharsets.UTF_8));
            for (EncodedExample e : examples) {
                ByteBuffer bytes = ByteBuffer.allocate(4 + 5 * e.tokens().length);
                bytes.putInt(repeats.getOrDefault(e, 1));
                for (int i = 0; i < e.tokens().length; i++) {
                    bytes.putInt(e.tokens()[i]).put((byte) (e.trained()[i] ? 1 : 0));
                }
                digest.update(bytes.array());
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code run.json}: the command, the seed, the data's hashes and the versions, before the first step. */
    private static void writeManifest(SftRequest request, List<DataSource> sources, SftSplit split, TrainingPlan plan,
                                      String fingerprint) throws IOException {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("stage", "sft");
        manifest.put("started", Instant.now().toString());
        manifest.put("command", request.command());
        manifest.put("fingerprint", fingerprint);
        manifest.put("base", request.base().toAbsolutePath().toString());
        manifest.put("base_bytes", Files.size(request.base()));
        manifest.put("seed", request.options().seed());
        manifest.put("options", request.options().toString());
        manifest.put("steps", plan.steps());
        ArrayNode data = manifest.putArray("data");
        for (int i = 0; i < sources.size(); i++) {
            DataSource source = sources.get(i);
            ObjectNode entry = data.addObject();
            entry.put("repeat", request.dataFiles().get(i).repeat());
            entry.put("path", source.path().toAbsolutePath().toString());
            entry.put("sha256", source.sha256());
            entry.put("records", source.records());
            entry.put("skipped", source.skipped());
        }
        if (!request.extraExamples().isEmpty()) {
            ObjectNode entry = data.addObject();
            entry.put("examples", request.extraExamples().size());
            entry.put("from", request.extraSummary());
        }
        manifest.put("train_examples", split.train().size());
        manifest.put("held_out_examples", split.heldOut().size());
        ObjectNode versions = manifest.putObject("versions");
        versions.put("wenjin", String.valueOf(SftRun.class.getPackage().getImplementationVersion()));
        versions.put("java", Runtime.version().toString());
        versions.put("djl", Engine.getDjlVersion());
        versions.put("pytorch", Torch.engine().getVersion());
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        Files.writeString(request.runDirectory().resolve("run.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n");
    }
}
