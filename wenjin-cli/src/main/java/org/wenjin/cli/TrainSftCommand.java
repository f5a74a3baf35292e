package org.wenjin.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wenjin.cli.config.Settings;
import org.wenjin.cli.config.SettingsResolver;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wenjin train sft}: supervised fine-tuning of a GGUF model, LoRA on a frozen base or every tensor, on JSONL
 * examples, the server's judged answers or the knowledge graph's samples, written back as a GGUF file (and, for
 * LoRA, as a llama.cpp adapter).
 *
 * <p>The fields and methods of this class have JDK and command-line types only: picocli reflects on every command
 * class whenever the command line is built, for {@code serve} too, and the training library's classes stand on DJL
 * and libtorch. {@link FineTuning}, the one class that uses them, loads when this command runs, after
 * {@link #prepareDjl} has set the system properties DJL reads when its engine starts.
 */
@Command(name = "sft", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fine-tune a GGUF model on examples ({\"messages\"}, {\"prompt\", \"completion\"} or {\"text\"} "
                + "JSONL), the server's judged answers or the knowledge graph, and write the result as GGUF. The run "
                + "directory gets run.json, train.log, loss.svg, checkpoints/ and report.md/report.json.")
final class TrainSftCommand implements Callable<Integer> {
    /** What {@code --max-memory} accepts: bytes, or a number with a binary unit (8g, 512m, 1.5G, 64MiB). */
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);

    @Spec
    CommandSpec spec;

    @Option(names = "--base", required = true, paramLabel = "MODEL",
            description = "The model to start from: a .gguf file or a downloaded model's name (see `wenjin models`).")
    String base;

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<DataFile> data;

    /** One {@code --data FILE} and the {@code --repeat N} after it. */
    static final class DataFile {
        @Option(names = "--data", required = true, paramLabel = "FILE.jsonl",
                description = "Training examples, one JSON object a line (repeatable); bad lines are reported and skipped.")
        Path path;

        @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
                description = "How many times per epoch each example of the --data just before is trained on, to mix "
                        + "a little new knowledge into much general text (default: ${DEFAULT-VALUE}).")
        int repeat;
    }

    @Option(names = "--from", paramLabel = "SOURCE",
            description = "Also train on: feedback (answers people corrected or approved, from the conversation store) "
                    + "or graph (the samples `wenjin kg to-sft` writes); repeatable.")
    List<String> from;

    @Option(names = "--lora-rank", paramLabel = "R", defaultValue = "8",
            description = "Rank of the LoRA update (default: ${DEFAULT-VALUE}).")
    int loraRank;

    @Option(names = "--lora-alpha", paramLabel = "A", defaultValue = "16",
            description = "LoRA scale numerator: the update is multiplied by alpha / rank (default: ${DEFAULT-VALUE}).")
    float loraAlpha;

    @Option(names = "--lora-dropout", paramLabel = "P", defaultValue = "0.05",
            description = "Dropout on the adapters' input while training (default: ${DEFAULT-VALUE}).")
    float loraDropout;

    @Option(names = "--lora-targets", paramLabel = "LIST", defaultValue = "q,k,v,o,gate,up,down",
            description = "Matrices of every block that get an adapter: q,k,v,o,gate,up,down, PEFT names (q_proj) "
                    + "or all (default: ${DEFAULT-VALUE}).")
    String loraTargets;

    @Option(names = "--full", description = "Train every tensor instead of LoRA adapters (small models only; fp32).")
    boolean full;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1",
            description = "Passes over the training examples; --max-steps overrides it (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "2e-4",
            description = "Peak learning rate, after warm-up, then cosine decay to a tenth (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--batch-tokens", paramLabel = "N", defaultValue = "2048",
            description = "Tokens per optimizer step: sequences of --seq-len accumulated (default: ${DEFAULT-VALUE}).")
    int batchTokens;

    @Option(names = "--seq-len", paramLabel = "N",
            description = "Tokens per packed sequence; longer examples are truncated (default: the smallest of 512, "
                    + "--batch-tokens and the model's context).")
    Integer seqLen;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "0",
            description = "Optimizer steps to run instead of whole epochs (default: as --epochs gives).")
    int maxSteps;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seeds the held-out split, the order, the adapters' start and dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "T",
            description = "libtorch's threads (default: -Dai.djl.pytorch.num_threads if set, else the available processors).")
    Integer threads;

    @Option(names = "--precision", paramLabel = "fp32", defaultValue = "fp32",
            description = "Arithmetic of the training: fp32 (bf16 is refused: DJL 0.36's PyTorch binding cannot hold"
                    + " bfloat16 tensors) (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--warmup", paramLabel = "RATIO", defaultValue = "0.03",
            description = "Share of the steps warming the learning rate up (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--weight-decay", paramLabel = "W", defaultValue = "0",
            description = "AdamW's decoupled weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--max-grad-norm", paramLabel = "N", defaultValue = "1.0",
            description = "Clip the gradients to this global L2 norm; 0 does not clip (default: ${DEFAULT-VALUE}).")
    double maxGradNorm;

    @Option(names = "--eval-every", paramLabel = "N", defaultValue = "0",
            description = "Held-out loss every N steps; 0: before and after only (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0",
            description = "A checkpoint every N steps for --resume; 0: at the end only (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--held-out", paramLabel = "RATIO", defaultValue = "0.05",
            description = "Share of the examples kept out of training for the held-out loss (default: ${DEFAULT-VALUE}).")
    double heldOut;

    @Option(names = "--max-memory", paramLabel = "SIZE",
            description = "Memory the run may use, e.g. 8g or 512m; a run estimated to need more is refused before "
                    + "it starts (default: the machine's memory).")
    String maxMemory;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "Q8_0",
            description = "Type of the merged model: F32, F16, Q8_0, Q4_0 or Q4_K_M (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.gguf",
            description = "The fine-tuned model to write (the base with the trained weights merged in).")
    Path output;

    @Option(names = "--adapter-out", paramLabel = "ADAPTER.gguf",
            description = "Also write the LoRA adapter alone, for llama.cpp's --lora on the unchanged base.")
    Path adapterOutput;

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "Where the log, the loss curve, checkpoints and the report go (default: OUT without .gguf, plus .run).")
    Path runDirectory;

    @Option(names = "--resume", description = "Continue from the run directory's newest checkpoint (same command, same data).")
    boolean resume;

    @Option(names = "--json", description = "Print report.json instead of the report card.")
    boolean json;

    // Where --from finds its data. The data directory is --data-dir here, as --data names training files.
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of --from feedback|graph (default: ./wenjin-data; env WENJIN_DATA).")
    Path dataDirectory;

    @Option(names = "--database-url", paramLabel = "JDBC_URL",
            description = "Conversation store of --from feedback (default: SQLite in the data directory; jdbc:postgresql://... too).")
    String databaseUrl;

    @Option(names = "--sparql", paramLabel = "URL",
            description = "Knowledge graph of --from graph on a SPARQL 1.1 server instead of the data directory "
                    + "(env WENJIN_GRAPH_SPARQL, wenjin.yaml graph-sparql).")
    String sparql;

    @Option(names = "--sparql-update", paramLabel = "URL", description = "The server's update URL, when it is not the --sparql URL.")
    String sparqlUpdate;

    @Override
    public Integer call() throws Exception {
        Path baseFile = resolveBase();
        long memoryLimit = maxMemory == null ? 0 : parseSize(maxMemory);
        Settings settings = SettingsResolver.fromSystem().resolve(new SettingsResolver.Flags(dataDirectory, null, null,
                null, null, null, null, null, databaseUrl, sparql, sparqlUpdate));
        prepareDjl(settings.dataDir());
        return FineTuning.run(this, baseFile, memoryLimit, settings, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    /** {@code --base} as a file, found as every command finds {@code --model}. */
    private Path resolveBase() {
        try {
            return LocalModelLoader.resolve(base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no base model '" + base + "': give the path of a .gguf file or a "
                    + "downloaded model's name (`wenjin models` lists them; `wenjin pull NAME` downloads one of "
                    + "`wenjin models --catalogue`)", e);
        }
    }

    /** {@code --run-dir}, or the output's name without {@code .gguf} and with {@code .run}. */
    Path runDirectory() {
        if (runDirectory != null) {
            return runDirectory;
        }
        String name = output.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".gguf") ? name.substring(0, name.length() - 5) : name;
        return output.resolveSibling(stem + ".run");
    }

    /** The command as typed, recorded in the run's manifest. */
    String commandLine() {
        StringBuilder line = new StringBuilder("wenjin");
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            line.append(' ').append(arg.matches("[\\w./:=,@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    /**
     * DJL reads these when its engine starts: no network call at start-up (libtorch
     * comes from the jar on the class path), its cache, where libtorch is unpacked, in the data directory unless the
     * environment names one, and libtorch's thread pools (one inter-op thread: the trainer runs one operation at a
     * time).
     */
    private void prepareDjl(Path dataDir) {
        System.setProperty("ai.djl.offline", "true");
        if (System.getenv("DJL_CACHE_DIR") == null && System.getenv("ENGINE_CACHE_DIR") == null
                && System.getProperty("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", dataDir.resolve("djl").toAbsolutePath().toString());
        }
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, was " + threads);
            }
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        } else if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /**
     * Bytes of a size such as {@code 8g}, {@code 512m}, {@code 1.5GiB} or {@code 1048576}; units are binary.
     *
     * @throws IllegalArgumentException if it is not such a size, or not positive
     */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--max-memory must be a size such as 8g or 512m, was '" + text + "'");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long bytes = (long) (Double.parseDouble(m.group(1)) * (1L << shift));
        if (bytes <= 0) {
            throw new IllegalArgumentException("--max-memory must be more than 0, was '" + text + "'");
        }
        return bytes;
    }
}
