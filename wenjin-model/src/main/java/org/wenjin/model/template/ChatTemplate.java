package org.wenjin.model.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.model.LanguageModel;
import org.wenjin.llm.tokenizer.Tokenizer;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.ModelException;

/**
 * A model's chat template: the Jinja2 program in its GGUF metadata ({@code tokenizer.chat_template},
 * copied from {@code tokenizer_config.json}) that turns a conversation into the exact prompt text the
 * model was trained on, with its special tokens written out. It is rendered as Hugging Face's
 * {@code apply_chat_template} renders it (see {@link JinjaEnvironment}) with the variables that
 * function provides: {@code messages} (maps with {@code role} and {@code content}),
 * {@code add_generation_prompt}, {@code bos_token} and {@code eos_token}.
 *
 * <p>A file without a template gets a generic one chosen by its special tokens: Llama 3's header
 * format when the vocabulary has {@code <|start_header_id|>}, else ChatML ({@code <|im_start|>}),
 * which is also llama.cpp's fallback.
 */
public final class ChatTemplate {

    /** The GGUF metadata key of the template. */
    public static final String GGUF_KEY = "tokenizer.chat_template";

    private final String source;
    private final String program;
    private final String bosToken;
    private final String eosToken;
    private final Clock clock;
    private final Jinjava jinjava;
    private final boolean rendersBos;

    private ChatTemplate(String source, String bosToken, String eosToken, Clock clock) {
        // Jinja2 drops one newline at the end of a template (keep_trailing_newline=False); Jinjava keeps it.
        this.source = source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
        this.program = Jinja2Syntax.rewrite(this.source);
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.clock = clock;
        this.jinjava = JinjaEnvironment.create();
        this.rendersBos = !bosToken.isEmpty() && probeStartsWithBos();
    }

    /**
     * A template from its Jinja2 source.
     *
     * @param bosToken the text of the model's BOS token ({@code bos_token}), or "" if it has none
     * @param eosToken the text of its EOS token ({@code eos_token}), or ""
     */
    public static ChatTemplate of(String source, String bosToken, String eosToken) {
        return new ChatTemplate(Objects.requireNonNull(source, "source"), Objects.requireNonNull(bosToken, "bosToken"),
                Objects.requireNonNull(eosToken, "eosToken"), Clock.systemDefaultZone());
    }

    /** ChatML, as Qwen and many others use it: {@code <|im_start|>role\n...<|im_end|>\n}. */
    public static ChatTemplate chatMl(String bosToken, String eosToken) {
        return of(resource("chatml.jinja"), bosToken, eosToken);
    }

    /** Llama 3's header format: {@code <|start_header_id|>role<|end_header_id|>\n\n...<|eot_id|>} after BOS. */
    public static ChatTemplate llama3(String bosToken, String eosToken) {
        return of(resource("llama3.jinja"), bosToken, eosToken);
    }

    /** The same template with {@code strftime_now} reading this clock (for reproducible prompts and tests). */
    public ChatTemplate withClock(Clock clock) {
        return new ChatTemplate(source, bosToken, eosToken, Objects.requireNonNull(clock, "clock"));
    }

    /**
     * The template of a GGUF file, or the generic one its vocabulary suggests when it has none.
     *
     * @throws ChatTemplateException if the file's template cannot be parsed or fails on a plain conversation
     */
    public static ChatTemplate fromGguf(GgufFile gguf, Tokenizer tokenizer) {
        String bos = tokenizer.bos().isPresent() ? tokenizer.tokenText(tokenizer.bos().getAsInt()) : "";
        String eos = tokenizer.eos().isPresent() ? tokenizer.tokenText(tokenizer.eos().getAsInt()) : "";
        Optional<String> source = gguf.findString(GGUF_KEY);
        if (source.isPresent() && !source.get().isBlank()) {
            return of(source.get(), bos, eos);
        }
        boolean llama3 = tokenizer.vocabulary().find("<|start_header_id|>").isPresent()
                && tokenizer.vocabulary().find("<|eot_id|>").isPresent();
        return llama3 ? llama3(bos, eos) : chatMl(bos, eos);
    }

    /**
     * The template of a loaded model. {@link LanguageModel} does not keep the file's metadata, so the
     * file is opened again to read {@code tokenizer.chat_template}.
     */
    public static ChatTemplate forModel(LanguageModel model) {
        try (GgufFile gguf = GgufFile.open(model.path())) {
            return fromGguf(gguf, model.tokenizer());
        } catch (IOException e) {
            throw new ModelException("cannot read the chat template of " + model.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The prompt for a conversation.
     *
     * @param addGenerationPrompt end with the header that opens the assistant's turn
     * @throws ChatTemplateException if the template fails or rejects the conversation
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /**
     * The prompt for a conversation, with further template variables, as {@code apply_chat_template}
     * passes its keyword arguments: e.g. {@code tools} (a list of JSON-schema maps) or
     * {@code date_string} for Llama 3.1+.
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, ?> variables) {
        Map<String, Object> context = new HashMap<>(variables);
        List<Map<String, Object>> maps = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", message.role().wireName());
            map.put("content", message.content());
            maps.add(map);
        }
        context.put("messages", maps);
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        context.put(JinjaEnvironment.NOW, ZonedDateTime.now(clock));
        RenderResult result;
        try {
            result = jinjava.renderForResult(program, context);
        } catch (RuntimeException e) {
            throw failure(e, -1);
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw failure(error.getException() != null ? error.getException() : new IllegalStateException(error.getMessage()),
                        error.getLineno());
            }
        }
        return result.getOutput();
    }

    /** Whether the rendered prompt already starts with the BOS token, so encoding must not add another. */
    public boolean rendersBos() {
        return rendersBos;
    }

    public String source() {
        return source;
    }

    public String bosToken() {
        return bosToken;
    }

    public String eosToken() {
        return eosToken;
    }

    private boolean probeStartsWithBos() {
        try {
            return render(List.of(ChatMessage.user("x")), true).startsWith(bosToken);
        } catch (ChatTemplateException e) {
            return false;
        }
    }

    private static ChatTemplateException failure(Throwable error, int line) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof JinjaEnvironment.RaisedByTemplate raised) {
                return new ChatTemplateException("the chat template rejected the conversation: " + raised.getMessage(), raised);
            }
        }
        return new ChatTemplateException("chat template error" + (line > 0 ? " at line " + line : "") + ": "
                + error.getMessage(), error);
    }

    private static String resource(String name) {
        try (InputStream in = ChatTemplate.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "ChatTemplate[" + source.length() + " chars, bos='" + bosToken + "', eos='" + eosToken + "']";
    }
}
