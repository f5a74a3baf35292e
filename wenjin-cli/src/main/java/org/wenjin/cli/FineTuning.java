package org.wenjin.cli;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.wenjin.cli.config.Settings;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.knowledge.training.TrainingOptions;
import org.wenjin.knowledge.training.TrainingReport;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.model.ModelConfig;
import org.wenjin.store.ConversationStore;
import org.wenjin.train.data.DataProblem;
import org.wenjin.train.data.FeedbackExamples;
import org.wenjin.train.data.SftExample;
import org.wenjin.train.export.ExportType;
import org.wenjin.train.model.LoraSettings;
import org.wenjin.train.model.LoraTarget;
import org.wenjin.train.run.StepMetrics;
import org.wenjin.train.sft.SftOptions;
import org.wenjin.train.sft.SftReport;
import org.wenjin.train.sft.SftRequest;
import org.wenjin.train.sft.SftRun;
import org.wenjin.train.sft.TrainingFile;

/**
 * The fine-tuning {@code wenjin train sft} asked for: its options made into a request for the training library, the
 * examples of {@code --from} gathered, the run reported on the terminal (skipped records, what was read, a progress
 * bar) and its report card printed. The only class of the command line that uses the training library, and so DJL:
 * it loads when {@link TrainSftCommand} runs, never for {@code serve}.
 */
final class FineTuning {
    /** The most tokens a sequence gets unless asked: enough for most instruction examples, cheap in memory. */
    private static final int DEFAULT_SEQUENCE_LENGTH = 512;

    /** Where {@code --from} takes examples from besides the data files. */
    private enum Source {
        FEEDBACK, GRAPH;

        static Source parse(String name) {
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "feedback" -> FEEDBACK;
                case "graph" -> GRAPH;
                default -> throw new IllegalArgumentException("--from must be feedback or graph, was '" + name + "'");
            };
        }
    }

    private FineTuning() {
    }

    /** Runs the command; returns its exit code. */
    static int run(TrainSftCommand command, Path base, long memoryLimit, Settings settings, PrintWriter out,
                   PrintWriter err) throws IOException {
        SftOptions options = options(command, base);
        ExportType outputType = ExportType.parse(command.type);
        Set<Source> sources = EnumSet.noneOf(Source.class);
        for (String name : command.from == null ? List.<String>of() : command.from) {
            sources.add(Source.parse(name));
        }
        Path runDirectory = command.runDirectory();

        Console console = new Console(err);
        List<TrainingFile> dataFiles = new ArrayList<>();
        for (TrainSftCommand.DataFile file : command.data == null ? List.<TrainSftCommand.DataFile>of() : command.data) {
            dataFiles.add(new TrainingFile(file.path, file.repeat));
        }
        List<SftExample> extra = new ArrayList<>();
        List<String> extraSummary = new ArrayList<>();
        for (Source source : sources) {
            switch (source) {
                case FEEDBACK -> {
                    FeedbackExamples.Collected feedback = feedback(settings);
                    feedback.problems().forEach(console::problem);
                    String summary = String.format(Locale.ROOT, "feedback: %d corrected and %d approved answers",
                            feedback.corrections(), feedback.approvals());
                    console.info(summary + (feedback.problems().isEmpty() ? ""
                            : ", " + feedback.problems().size() + " judgements skipped"));
                    extra.addAll(feedback.examples());
                    extraSummary.add(summary);
                }
                case GRAPH -> dataFiles.add(TrainingFile.of(graphSamples(settings, command.seed, runDirectory, console)));
            }
        }
        if (dataFiles.isEmpty() && extra.isEmpty() && !sources.isEmpty()) {
            throw new IllegalArgumentException("no training data: --from feedback gave no example (nobody has "
                    + "corrected or approved an answer yet); add --data FILE.jsonl");
        }

        SftRequest request = new SftRequest(base, dataFiles, extra, String.join("; ", extraSummary), options,
                command.heldOut, outputType, command.output, command.adapterOutput, runDirectory, command.resume,
                memoryLimit, command.commandLine());
        SftReport report = SftRun.run(request, console);
        console.info("Serve it with: wenjin serve --model " + command.output);
        if (command.json) {
            out.print(Files.readString(runDirectory.resolve("report.json")));
        } else {
            out.print(report.markdown());
        }
        out.flush();
        return 0;
    }

    private static SftOptions options(TrainSftCommand command, Path base) throws IOException {
        LoraSettings lora = command.full ? null : new LoraSettings(command.loraRank, command.loraAlpha,
                command.loraDropout, LoraTarget.parse(command.loraTargets));
        DataType precision = switch (command.precision.strip().toLowerCase(Locale.ROOT)) {
            case "fp32" -> DataType.FLOAT32;
            case "bf16" -> DataType.BFLOAT16;
            default -> throw new IllegalArgumentException("--precision must be fp32 or bf16, was '" + command.precision + "'");
        };
        int sequenceLength = command.seqLen != null ? command.seqLen
                : Math.min(DEFAULT_SEQUENCE_LENGTH, Math.min(command.batchTokens, contextLength(base)));
        return new SftOptions(lora, command.epochs, command.learningRate, command.batchTokens, sequenceLength,
                command.maxSteps, command.seed, command.warmup, command.weightDecay, command.maxGradNorm,
                command.evalEvery, command.checkpointEvery, precision);
    }

    private static int contextLength(Path base) throws IOException {
        try (GgufFile gguf = GgufFile.open(base)) {
            return ModelConfig.fromGguf(gguf).contextLength();
        }
    }

    /** The judged answers of the conversation store the server of this data directory keeps. */
    private static FeedbackExamples.Collected feedback(Settings settings) {
        if (settings.databaseUrl() == null && !Files.exists(settings.dataDir().resolve(ConversationStore.SQLITE_FILE))) {
            throw new IllegalArgumentException("--from feedback: " + settings.dataDir().toAbsolutePath() + " has no "
                    + "conversations (no " + ConversationStore.SQLITE_FILE + "); give the --data-dir the server ran "
                    + "on, or its --database-url");
        }
        try (ConversationStore store = ConversationStore.open(settings.jdbcUrl())) {
            return FeedbackExamples.collect(store);
        }
    }

    /**
     * The samples {@code wenjin kg to-sft} would write, written into the run directory as {@code graph.jsonl}: read
     * like any data file, their hash goes into the run's manifest, and a resumed run refuses a graph that changed.
     */
    private static Path graphSamples(Settings settings, long seed, Path runDirectory, Console console) throws IOException {
        Files.createDirectories(runDirectory);
        Path file = runDirectory.resolve("graph.jsonl");
        String graph = settings.remoteGraph() ? settings.graphSparql() : settings.graphDir().toAbsolutePath().toString();
        TrainingReport report;
        try (KnowledgeGraph kg = Wenjin.openGraph(settings); OutputStream out = Files.newOutputStream(file)) {
            report = kg.writeTrainingSamples(out, TrainingOptions.DEFAULTS.withSeed(seed));
        }
        if (report.samples() == 0) {
            throw new IllegalArgumentException("--from graph: the knowledge graph " + graph + " has no facts to make "
                    + "samples from; fill it with `wenjin kg import` or `wenjin kg extract`");
        }
        console.info(String.format(Locale.ROOT, "graph: %d samples about %d entities (%d facts, %d two-step paths, "
                + "%d negatives) from %s", report.samples(), report.entities(), report.facts(), report.paths(),
                report.negatives(), graph));
        return file;
    }

    /** Prints on standard error what the run says: skipped records and information as lines, steps as a bar. */
    private static final class Console implements SftRun.Reporter {
        private final PrintWriter err;
        private final ProgressBar bar;
        private boolean drawing;

        Console(PrintWriter err) {
            this.err = err;
            this.bar = new ProgressBar(err, "sft");
        }

        @Override
        public void problem(DataProblem problem) {
            line(problem.toString());
        }

        @Override
        public void info(String message) {
            line(message);
        }

        @Override
        public void step(StepMetrics m) {
            String figures = String.format(Locale.ROOT, "loss %.4f%s  %.0f tokens/s", m.loss(),
                    Double.isFinite(m.evalLoss()) ? String.format(Locale.ROOT, "  held-out %.4f", m.evalLoss()) : "",
                    m.tokensPerSecond());
            bar.steps(m.step(), m.steps(), figures, m.etaSeconds());
            drawing = true;
            if (m.step() == m.steps()) {
                endBar();
            }
        }

        private void line(String text) {
            endBar();
            err.println(text);
            err.flush();
        }

        private void endBar() {
            if (drawing) {
                bar.finish();
                drawing = false;
            }
        }
    }
}
