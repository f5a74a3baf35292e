package org.wenjin.llm.reference;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.wenjin.llm.tensor.GgmlType;

/**
 * llama.cpp build b4916 (March 2025), as bundled in the {@code de.kherud:llama:4.2.0} jar, called through its
 * C API ({@code llama.h}) with the Foreign Function and Memory API.
 *
 * <p>Why not the binding's Java API: {@code LlamaModel} runs llama.cpp's server loop and hands back only
 * text, never token ids, and {@code InferenceParameters.setNProbs} aborts the JVM in 4.2.0 (its JNI code
 * reads a {@code "probs"} field that b4916's server no longer writes: {@code GGML_ASSERT} in json.hpp). The
 * bundled {@code libjllama.so} exports the whole C API, so this class loads the library the way the
 * binding does and calls {@code llama_tokenize}, {@code llama_decode} and {@code llama_get_logits_ith}
 * itself. No server thread is started, so the JVM exits normally.
 *
 * <p>Contexts use a single thread, an F32 KV cache (llama.cpp's default is F16, which would round keys
 * and values) and no flash attention, so the reference is as close to exact arithmetic as llama.cpp gets.
 * Build b4916 predates Qwen3: such files fail to load.
 */
@SuppressWarnings("restricted") // calling native code is what this class is for
public final class JavaLlamaCpp implements ReferenceLlama {

    private static final Linker LINKER = Linker.nativeLinker();

    /** {@code struct llama_model_params} of b4916: 64 bytes (checked against llama_model_default_params). */
    private static final StructLayout MODEL_PARAMS = MemoryLayout.structLayout(
            ADDRESS.withName("devices"), JAVA_INT.withName("n_gpu_layers"), JAVA_INT.withName("split_mode"),
            JAVA_INT.withName("main_gpu"), MemoryLayout.paddingLayout(4), ADDRESS.withName("tensor_split"),
            ADDRESS.withName("progress_callback"), ADDRESS.withName("progress_callback_user_data"),
            ADDRESS.withName("kv_overrides"), JAVA_BOOLEAN.withName("vocab_only"), JAVA_BOOLEAN.withName("use_mmap"),
            JAVA_BOOLEAN.withName("use_mlock"), JAVA_BOOLEAN.withName("check_tensors"), MemoryLayout.paddingLayout(4));

    /** {@code struct llama_context_params} of b4916: 120 bytes (checked against llama_context_default_params). */
    private static final StructLayout CONTEXT_PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("n_ctx"), JAVA_INT.withName("n_batch"), JAVA_INT.withName("n_ubatch"),
            JAVA_INT.withName("n_seq_max"), JAVA_INT.withName("n_threads"), JAVA_INT.withName("n_threads_batch"),
            JAVA_INT.withName("rope_scaling_type"), JAVA_INT.withName("pooling_type"),
            JAVA_INT.withName("attention_type"), JAVA_FLOAT.withName("rope_freq_base"),
            JAVA_FLOAT.withName("rope_freq_scale"), JAVA_FLOAT.withName("yarn_ext_factor"),
            JAVA_FLOAT.withName("yarn_attn_factor"), JAVA_FLOAT.withName("yarn_beta_fast"),
            JAVA_FLOAT.withName("yarn_beta_slow"), JAVA_INT.withName("yarn_orig_ctx"),
            JAVA_FLOAT.withName("defrag_thold"), MemoryLayout.paddingLayout(4), ADDRESS.withName("cb_eval"),
            ADDRESS.withName("cb_eval_user_data"), JAVA_INT.withName("type_k"), JAVA_INT.withName("type_v"),
            JAVA_BOOLEAN.withName("logits_all"), JAVA_BOOLEAN.withName("embeddings"),
            JAVA_BOOLEAN.withName("offload_kqv"), JAVA_BOOLEAN.withName("flash_attn"),
            JAVA_BOOLEAN.withName("no_perf"), MemoryLayout.paddingLayout(3), ADDRESS.withName("abort_callback"),
            ADDRESS.withName("abort_callback_data"));

    /** {@code struct llama_batch}: n_tokens, then six arrays. */
    private static final StructLayout BATCH = MemoryLayout.structLayout(
            JAVA_INT.withName("n_tokens"), MemoryLayout.paddingLayout(4), ADDRESS.withName("token"),
            ADDRESS.withName("embd"), ADDRESS.withName("pos"), ADDRESS.withName("n_seq_id"),
            ADDRESS.withName("seq_id"), ADDRESS.withName("logits"));

    /** ggml_type ids (ggml.h). */
    private static final int GGML_TYPE_F32 = 0;
    private static final int GGML_TYPE_F16 = 1;

    private static final MethodHandle MODEL_DEFAULT_PARAMS;
    private static final MethodHandle MODEL_LOAD_FROM_FILE;
    private static final MethodHandle MODEL_FREE;
    private static final MethodHandle MODEL_GET_VOCAB;
    private static final MethodHandle VOCAB_N_TOKENS;
    private static final MethodHandle CONTEXT_DEFAULT_PARAMS;
    private static final MethodHandle INIT_FROM_MODEL;
    private static final MethodHandle FREE;
    private static final MethodHandle TOKENIZE;
    private static final MethodHandle DECODE;
    private static final MethodHandle GET_LOGITS_ITH;
    private static final MethodHandle LOG_SET;
    private static final MemorySegment LOG_STUB;

    private static final Map<GgmlType, MethodHandle> DEQUANTIZERS = new ConcurrentHashMap<>();

    /** The last lines llama.cpp logged, quoted when a call fails. */
    private static final Deque<String> LOG = new ArrayDeque<>();

    static {
        try {
            // The binding's static initializer extracts libjllama.so for this platform and System.loads it
            // into this class loader, whose symbols loaderLookup() then sees.
            Class.forName("de.kherud.llama.LlamaModel", true, JavaLlamaCpp.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("de.kherud:llama is not on the test classpath", e);
        }
        SymbolLookup library = SymbolLookup.loaderLookup();
        MODEL_DEFAULT_PARAMS = function(library, "llama_model_default_params", FunctionDescriptor.of(MODEL_PARAMS));
        MODEL_LOAD_FROM_FILE = function(library, "llama_model_load_from_file",
                FunctionDescriptor.of(ADDRESS, ADDRESS, MODEL_PARAMS));
        MODEL_FREE = function(library, "llama_model_free", FunctionDescriptor.ofVoid(ADDRESS));
        MODEL_GET_VOCAB = function(library, "llama_model_get_vocab", FunctionDescriptor.of(ADDRESS, ADDRESS));
        VOCAB_N_TOKENS = function(library, "llama_vocab_n_tokens", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        CONTEXT_DEFAULT_PARAMS = function(library, "llama_context_default_params",
                FunctionDescriptor.of(CONTEXT_PARAMS));
        INIT_FROM_MODEL = function(library, "llama_init_from_model",
                FunctionDescriptor.of(ADDRESS, ADDRESS, CONTEXT_PARAMS));
        FREE = function(library, "llama_free", FunctionDescriptor.ofVoid(ADDRESS));
        TOKENIZE = function(library, "llama_tokenize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT,
                ADDRESS, JAVA_INT, JAVA_BOOLEAN, JAVA_BOOLEAN));
        DECODE = function(library, "llama_decode", FunctionDescriptor.of(JAVA_INT, ADDRESS, BATCH));
        GET_LOGITS_ITH = function(library, "llama_get_logits_ith", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        LOG_SET = function(library, "llama_log_set", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        try {
            function(library, "llama_backend_init", FunctionDescriptor.ofVoid()).invokeExact();
            MethodHandle log = MethodHandles.lookup().findStatic(JavaLlamaCpp.class, "log",
                    MethodType.methodType(void.class, int.class, MemorySegment.class, MemorySegment.class));
            LOG_STUB = LINKER.upcallStub(log, FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, ADDRESS), Arena.global());
        } catch (Throwable e) {
            throw new IllegalStateException("cannot initialise llama.cpp", e);
        }
        checkLayouts();
    }

    private final Map<String, MemorySegment> models = new HashMap<>();
    private boolean closed;

    @Override
    public String name() {
        return "llama.cpp b4916 (de.kherud:llama 4.2.0)";
    }

    @Override
    public synchronized int[] tokenize(Path gguf, String text, boolean addSpecial, boolean parseSpecial) {
        MemorySegment vocab = vocab(model(gguf, true));
        try (Arena arena = Arena.ofConfined()) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            MemorySegment bytes = arena.allocate(Math.max(1, utf8.length));
            MemorySegment.copy(utf8, 0, bytes, JAVA_BYTE, 0, utf8.length);
            int capacity = utf8.length + 8;
            MemorySegment tokens = arena.allocate(JAVA_INT, capacity);
            int n = (int) TOKENIZE.invokeExact(vocab, bytes, utf8.length, tokens, capacity, addSpecial, parseSpecial);
            if (n < 0) {
                // A negative count is the number of tokens needed; never more than bytes plus BOS/EOS, but be sure.
                capacity = -n;
                tokens = arena.allocate(JAVA_INT, capacity);
                n = (int) TOKENIZE.invokeExact(vocab, bytes, utf8.length, tokens, capacity, addSpecial, parseSpecial);
            }
            if (n < 0) {
                throw failure("llama_tokenize returned " + n + " for " + gguf);
            }
            return tokens.asSlice(0, (long) n * Integer.BYTES).toArray(JAVA_INT);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized List<TopK> teacherForced(Path gguf, int[] tokens, int k) {
        requireTokens(tokens);
        MemorySegment model = model(gguf, false);
        int vocabulary = vocabularySize(model);
        MemorySegment context = newContext(model, tokens.length);
        try (Arena arena = Arena.ofConfined()) {
            decode(context, arena, tokens, 0);
            List<TopK> positions = new ArrayList<>(tokens.length);
            for (int i = 0; i < tokens.length; i++) {
                positions.add(TopK.of(logits(context, i, vocabulary), k));
            }
            return positions;
        } finally {
            free(context);
        }
    }

    @Override
    public synchronized int[] greedy(Path gguf, int[] prompt, int n) {
        requireTokens(prompt);
        MemorySegment model = model(gguf, false);
        int vocabulary = vocabularySize(model);
        MemorySegment context = newContext(model, prompt.length + n);
        try (Arena arena = Arena.ofConfined()) {
            int[] generated = new int[n];
            decode(context, arena, prompt, 0);
            int last = prompt.length - 1;
            for (int i = 0; i < n; i++) {
                generated[i] = TopK.of(logits(context, last, vocabulary), 1).top1();
                if (i + 1 < n) {
                    decode(context, arena, new int[] {generated[i]}, prompt.length + i);
                    last = 0;
                }
            }
            return generated;
        } finally {
            free(context);
        }
    }

    /**
     * llama-bench's prompt test on llama.cpp: seconds to decode {@code prompt} as one batch into a fresh context
     * (logits for its last token only), with {@code threads} threads and llama.cpp's default F16 KV cache.
     * Creating the context is not timed.
     */
    public synchronized double promptSeconds(Path gguf, int[] prompt, int threads) {
        requireTokens(prompt);
        MemorySegment context = benchContext(model(gguf, false), prompt.length, prompt.length, threads);
        try (Arena arena = Arena.ofConfined()) {
            long start = System.nanoTime();
            decode(context, arena, prompt, 0, false);
            return (System.nanoTime() - start) / 1e9;
        } finally {
            free(context);
        }
    }

    /**
     * llama-bench's generation test on llama.cpp: seconds to decode {@code n} tokens one at a time from an empty
     * context, starting from {@code first} and feeding back each greedy choice; {@code threads} threads, F16
     * KV cache.
     */
    public synchronized double generationSeconds(Path gguf, int first, int n, int threads) {
        MemorySegment model = model(gguf, false);
        int vocabulary = vocabularySize(model);
        MemorySegment context = benchContext(model, n, 1, threads);
        try (Arena arena = Arena.ofConfined()) {
            int[] token = {first};
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                decode(context, arena, token, i, false);
                token[0] = TopK.of(logits(context, 0, vocabulary), 1).top1();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            free(context);
        }
    }

    /**
     * ggml's own conversion of {@code values} stored values of {@code type} to floats: {@code
     * dequantize_row_*} (ggml-quants.c), {@code ggml_fp16_to_fp32_row} or {@code ggml_bf16_to_fp32_row}.
     */
    public static float[] dequantize(GgmlType type, MemorySegment data, long values) {
        if (data.byteSize() != type.byteSize(values)) {
            throw new IllegalArgumentException(values + " values of " + type + " take " + type.byteSize(values)
                    + " bytes, not " + data.byteSize());
        }
        if (type == GgmlType.F32) {
            return data.toArray(JAVA_FLOAT_UNALIGNED);
        }
        MethodHandle dequantize = DEQUANTIZERS.computeIfAbsent(type, t -> {
            String symbol = switch (t) {
                case F16 -> "ggml_fp16_to_fp32_row";
                case BF16 -> "ggml_bf16_to_fp32_row";
                default -> "dequantize_row_" + t.name().toLowerCase(Locale.ROOT).replace("_k", "_K");
            };
            return function(SymbolLookup.loaderLookup(), symbol, FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_LONG));
        });
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(data.byteSize(), 64).copyFrom(data);
            MemorySegment out = arena.allocate(JAVA_FLOAT, values);
            dequantize.invokeExact(in, out, values);
            return out.toArray(JAVA_FLOAT);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            for (MemorySegment model : models.values()) {
                try {
                    MODEL_FREE.invokeExact(model);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            }
            models.clear();
        }
    }

    private MemorySegment model(Path gguf, boolean vocabOnly) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        String key = gguf.toAbsolutePath() + (vocabOnly ? " (vocabulary)" : "");
        MemorySegment model = models.get(key);
        if (model != null) {
            return model;
        }
        captureLog();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = (MemorySegment) MODEL_DEFAULT_PARAMS.invokeExact((SegmentAllocator) arena);
            params.set(JAVA_INT, MODEL_PARAMS.byteOffset(MemoryLayout.PathElement.groupElement("n_gpu_layers")), 0);
            params.set(JAVA_BOOLEAN, MODEL_PARAMS.byteOffset(MemoryLayout.PathElement.groupElement("vocab_only")),
                    vocabOnly);
            MemorySegment path = arena.allocateFrom(gguf.toAbsolutePath().toString());
            model = (MemorySegment) MODEL_LOAD_FROM_FILE.invokeExact(path, params);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (model.equals(MemorySegment.NULL)) {
            throw failure("llama.cpp b4916 cannot load " + gguf);
        }
        models.put(key, model);
        return model;
    }

    private static MemorySegment vocab(MemorySegment model) {
        try {
            return (MemorySegment) MODEL_GET_VOCAB.invokeExact(model);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static int vocabularySize(MemorySegment model) {
        try {
            return (int) VOCAB_N_TOKENS.invokeExact(vocab(model));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A context for one sequence of up to {@code positions} tokens on one thread, with an F32 KV cache and no flash
     * attention: the reference's exact setting (see the class comment).
     */
    private static MemorySegment newContext(MemorySegment model, int positions) {
        return context(model, positions, positions, 1, true);
    }

    /** A context as llama-bench makes one: its defaults (F16 KV cache), one batch of {@code batch} tokens. */
    private static MemorySegment benchContext(MemorySegment model, int positions, int batch, int threads) {
        return context(model, positions, batch, threads, false);
    }

    private static MemorySegment context(MemorySegment model, int positions, int batch, int threads, boolean exact) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = (MemorySegment) CONTEXT_DEFAULT_PARAMS.invokeExact((SegmentAllocator) arena);
            set(params, "n_ctx", Math.max(32, positions));
            set(params, "n_batch", Math.max(exact ? 32 : 1, batch));
            set(params, "n_ubatch", Math.max(exact ? 32 : 1, batch));
            set(params, "n_seq_max", 1);
            set(params, "n_threads", threads);
            set(params, "n_threads_batch", threads);
            if (exact) {
                set(params, "type_k", GGML_TYPE_F32);
                set(params, "type_v", GGML_TYPE_F32);
                params.set(JAVA_BOOLEAN, offset(CONTEXT_PARAMS, "flash_attn"), false);
            }
            MemorySegment context = (MemorySegment) INIT_FROM_MODEL.invokeExact(model, params);
            if (context.equals(MemorySegment.NULL)) {
                throw failure("llama_init_from_model failed");
            }
            return context;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Decodes {@code tokens} at positions {@code firstPosition, firstPosition + 1, ...} of sequence 0,
     * asking for the logits after every one of them.
     */
    private static void decode(MemorySegment context, Arena arena, int[] tokens, int firstPosition) {
        decode(context, arena, tokens, firstPosition, true);
    }

    /**
     * Decodes {@code tokens} at positions {@code firstPosition, ...} of sequence 0, asking for the logits after
     * every one of them ({@code allLogits}) or after the last only.
     */
    private static void decode(MemorySegment context, Arena arena, int[] tokens, int firstPosition, boolean allLogits) {
        int n = tokens.length;
        MemorySegment batch = arena.allocate(BATCH);
        MemorySegment positions = arena.allocate(JAVA_INT, n);
        MemorySegment sequenceCounts = arena.allocate(JAVA_INT, n);
        MemorySegment sequenceIds = arena.allocate(ADDRESS, n);
        MemorySegment sequenceZero = arena.allocateFrom(JAVA_INT, 0);
        MemorySegment wantLogits = arena.allocate(JAVA_BYTE, n);
        for (int i = 0; i < n; i++) {
            positions.setAtIndex(JAVA_INT, i, firstPosition + i);
            sequenceCounts.setAtIndex(JAVA_INT, i, 1);
            sequenceIds.setAtIndex(ADDRESS, i, sequenceZero);
            wantLogits.set(JAVA_BYTE, i, (byte) (allLogits || i == n - 1 ? 1 : 0));
        }
        batch.set(JAVA_INT, offset(BATCH, "n_tokens"), n);
        batch.set(ADDRESS, offset(BATCH, "token"), arena.allocateFrom(JAVA_INT, tokens));
        batch.set(ADDRESS, offset(BATCH, "embd"), MemorySegment.NULL);
        batch.set(ADDRESS, offset(BATCH, "pos"), positions);
        batch.set(ADDRESS, offset(BATCH, "n_seq_id"), sequenceCounts);
        batch.set(ADDRESS, offset(BATCH, "seq_id"), sequenceIds);
        batch.set(ADDRESS, offset(BATCH, "logits"), wantLogits);
        int status;
        try {
            status = (int) DECODE.invokeExact(context, batch);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (status != 0) {
            throw failure("llama_decode returned " + status);
        }
    }

    /** The logits after the {@code i}-th token of the last decoded batch. */
    private static float[] logits(MemorySegment context, int i, int vocabulary) {
        try {
            MemorySegment row = (MemorySegment) GET_LOGITS_ITH.invokeExact(context, i);
            if (row.equals(MemorySegment.NULL)) {
                throw failure("llama_get_logits_ith(" + i + ") returned no logits");
            }
            return row.reinterpret((long) vocabulary * Float.BYTES).toArray(JAVA_FLOAT);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static void free(MemorySegment context) {
        try {
            FREE.invokeExact(context);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requireTokens(int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("at least one token is needed");
        }
    }

    private static void set(MemorySegment params, String field, int value) {
        params.set(JAVA_INT, offset(CONTEXT_PARAMS, field), value);
    }

    private static long offset(StructLayout layout, String field) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    /**
     * The struct layouts above are b4916's; a jar with another llama.cpp would be read wrongly, so compare
     * them with the defaults llama.h documents before trusting them.
     */
    private static void checkLayouts() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment model = (MemorySegment) MODEL_DEFAULT_PARAMS.invokeExact((SegmentAllocator) arena);
            MemorySegment context = (MemorySegment) CONTEXT_DEFAULT_PARAMS.invokeExact((SegmentAllocator) arena);
            boolean modelOk = model.get(JAVA_BOOLEAN, offset(MODEL_PARAMS, "use_mmap"))
                    && !model.get(JAVA_BOOLEAN, offset(MODEL_PARAMS, "vocab_only"));
            boolean contextOk = context.get(JAVA_INT, offset(CONTEXT_PARAMS, "n_ctx")) == 512
                    && context.get(JAVA_INT, offset(CONTEXT_PARAMS, "n_seq_max")) == 1
                    && context.get(JAVA_INT, offset(CONTEXT_PARAMS, "type_k")) == GGML_TYPE_F16
                    && context.get(JAVA_INT, offset(CONTEXT_PARAMS, "type_v")) == GGML_TYPE_F16
                    && context.get(JAVA_FLOAT, offset(CONTEXT_PARAMS, "defrag_thold")) == -1f
                    && context.get(JAVA_BOOLEAN, offset(CONTEXT_PARAMS, "offload_kqv"))
                    && context.get(JAVA_BOOLEAN, offset(CONTEXT_PARAMS, "no_perf"));
            if (!modelOk || !contextOk) {
                throw new IllegalStateException("the bundled llama.cpp's parameter structs are not b4916's");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle function(SymbolLookup library, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = library.find(name)
                .orElseThrow(() -> new IllegalStateException("libjllama.so does not export " + name));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    /**
     * Routes llama.cpp's log to {@link #log} from now on, forgetting earlier lines. Done before each load:
     * the binding's own {@code LlamaModel}, if used in the same JVM, installs its logger over ours.
     */
    private static void captureLog() {
        synchronized (LOG) {
            LOG.clear();
        }
        try {
            LOG_SET.invokeExact(LOG_STUB, MemorySegment.NULL);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** llama.cpp's log callback: keep the last lines for error messages, print nothing. */
    private static void log(int level, MemorySegment text, MemorySegment userData) {
        String line = text.reinterpret(Long.MAX_VALUE).getString(0).strip();
        if (!line.isEmpty()) {
            synchronized (LOG) {
                LOG.addLast(line);
                while (LOG.size() > 12) {
                    LOG.removeFirst();
                }
            }
        }
    }

    private static IllegalStateException failure(String what) {
        synchronized (LOG) {
            return new IllegalStateException(what + "; llama.cpp said:\n  " + String.join("\n  ", LOG));
        }
    }
}
