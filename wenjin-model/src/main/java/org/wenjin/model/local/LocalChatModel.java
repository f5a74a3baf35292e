package org.wenjin.model.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.wenjin.llm.generate.ContextOverflowException;
import org.wenjin.llm.generate.GenerationListener;
import org.wenjin.llm.generate.GenerationRequest;
import org.wenjin.llm.generate.GenerationResult;
import org.wenjin.llm.generate.SamplingParameters;
import org.wenjin.llm.generate.Session;
import org.wenjin.llm.model.LanguageModel;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatModel;
import org.wenjin.model.ChatRequest;
import org.wenjin.model.ChatResult;
import org.wenjin.model.FinishReason;
import org.wenjin.model.GenerationOptions;
import org.wenjin.model.ModelException;
import org.wenjin.model.TokenSink;
import org.wenjin.model.template.ChatTemplate;

/**
 * A GGUF model run by Wenjin's own engine on this machine. The conversation is rendered with the model's
 * chat template, tokenized as llama.cpp does, and generated in one of a fixed pool of sessions: each
 * session owns a KV cache, so as many conversations as there are sessions generate at once and the cache
 * of a conversation's earlier turns is reused when the same session serves its next turn.
 */
public final class LocalChatModel implements ChatModel {
    /** Positions per session unless the caller asks otherwise: enough for a RAG prompt, bounded in memory. */
    public static final int DEFAULT_CONTEXT = 4096;

    private final LanguageModel model;
    private final ChatTemplate template;
    private final String name;
    private final int contextSize;
    private final BlockingQueue<Session> sessions;

    private LocalChatModel(LanguageModel model, ChatTemplate template, String name, int contextSize, int parallel) {
        this.model = model;
        this.template = template;
        this.name = name;
        this.contextSize = contextSize;
        this.sessions = new ArrayBlockingQueue<>(parallel);
        for (int i = 0; i < parallel; i++) {
            sessions.add(new Session(model, contextSize));
        }
    }

    /**
     * Loads a GGUF file.
     *
     * @param contextSize positions per conversation (at most the model's trained context); 0 for the default
     * @param parallel how many conversations may generate at the same time
     */
    public static LocalChatModel load(Path path, int contextSize, int parallel) {
        LanguageModel model;
        try {
            model = LanguageModel.load(path);
        } catch (IOException e) {
            throw new ModelException("cannot read the model file " + path + ": " + e.getMessage(), e);
        }
        try {
            int trained = model.config().contextLength();
            int context = contextSize > 0 ? Math.min(contextSize, trained) : Math.min(DEFAULT_CONTEXT, trained);
            ChatTemplate template = ChatTemplate.forModel(model);
            return new LocalChatModel(model, template, nameOf(path), context, Math.max(1, parallel));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static String nameOf(Path path) {
        String file = path.getFileName().toString();
        return file.endsWith(".gguf") ? file.substring(0, file.length() - 5) : file;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int contextLength() {
        return contextSize;
    }

    @Override
    public int countTokens(String text) {
        return model.tokenizer().encode(text, false, false).length;
    }

    public LanguageModel languageModel() {
        return model;
    }

    @Override
    public ChatResult chat(ChatRequest request, TokenSink sink, Cancellation cancellation) {
        String prompt = template.render(request.messages(), true);
        // Special tokens in a rendered template are real tokens. Templates such as Llama 3's write BOS
        // themselves; adding another would give the model a double BOS it never saw in training.
        int[] tokens = model.tokenizer().encode(prompt, !startsWithBos(prompt), true);
        GenerationRequest generation = GenerationRequest.of(request.options().maxTokens(), sampling(request.options()))
                .withStopStrings(request.options().stop())
                .withCancellation(cancellation::isCancelled);
        Session session = takeSession();
        try {
            GenerationResult result = session.generate(tokens, generation, new GenerationListener() {
                @Override
                public void onText(String text) {
                    sink.accept(text);
                }
            });
            return new ChatResult(result.text(), finishReason(result), tokens.length, result.generatedTokens(), prompt);
        } catch (ContextOverflowException e) {
            throw new ModelException(e.getMessage(), e);
        } finally {
            sessions.add(session);
        }
    }

    private boolean startsWithBos(String prompt) {
        return model.tokenizer().bos().stream()
                .mapToObj(id -> model.tokenizer().tokenText(id))
                .anyMatch(text -> !text.isEmpty() && prompt.startsWith(text));
    }

    private Session takeSession() {
        try {
            return sessions.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted while waiting for a free session of " + name, e);
        }
    }

    private static SamplingParameters sampling(GenerationOptions options) {
        long seed = options.seed() != null ? options.seed() : System.nanoTime();
        if (options.temperature() == 0) {
            return SamplingParameters.greedy().withSeed(seed);
        }
        return SamplingParameters.defaults(seed)
                .withTemperature((float) options.temperature())
                .withTopP((float) options.topP());
    }

    private static FinishReason finishReason(GenerationResult result) {
        return switch (result.finishReason()) {
            case STOP -> FinishReason.STOP;
            case LENGTH -> FinishReason.LENGTH;
            case CANCELLED -> FinishReason.CANCELLED;
        };
    }

    @Override
    public void close() {
        model.close();
    }
}
