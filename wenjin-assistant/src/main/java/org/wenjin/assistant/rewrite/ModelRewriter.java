package org.wenjin.assistant.rewrite;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.wenjin.assistant.Language;
import org.wenjin.assistant.prompt.FewShotPrompt;
import org.wenjin.assistant.prompt.PromptTooLongException;
import org.wenjin.assistant.text.QueryTerms;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.ChatModel;
import org.wenjin.model.ChatRequest;
import org.wenjin.model.GenerationOptions;
import org.wenjin.model.ModelException;
import org.wenjin.model.Role;
import org.wenjin.model.TokenSink;
import org.wenjin.model.template.ChatTemplateException;

/**
 * Makes a follow-up standalone with the model: the {@code rewrite} template and the nearest examples of its
 * pool, the last turns of the conversation, then the follow-up. The reply is checked before it is used: one
 * question in the follow-up's language that keeps the follow-up's own words and adds only words the
 * conversation used. A reply that fails is reported with the reason, so the caller can fall back to rules.
 */
public final class ModelRewriter {
    /** The conversation shown: the turns just before the follow-up carry what its pronouns point at. */
    private static final int TURNS_SHOWN = 4;
    private static final int MAX_TURN_CHARS = 300;
    private static final int REPLY_TOKENS = 64;

    private final FewShotPrompt prompt;

    public ModelRewriter(FewShotPrompt prompt) {
        this.prompt = prompt;
    }

    /** The model's rewrite, or why it was not usable. */
    public record Result(Rewrite rewrite, String fault, String version) {
        public boolean usable() {
            return fault == null;
        }
    }

    public Result rewrite(String turn, List<ChatMessage> history, ChatModel model) {
        Language language = Language.of(turn);
        StringBuilder input = new StringBuilder();
        List<ChatMessage> shown = history.subList(Math.max(0, history.size() - TURNS_SHOWN), history.size());
        for (ChatMessage message : shown) {
            if (message.role() == Role.SYSTEM) {
                continue;
            }
            String content = message.content().replaceAll("\\s*\\[\\d{1,3}]", "").strip();
            if (content.length() > MAX_TURN_CHARS) {
                content = content.substring(0, MAX_TURN_CHARS) + "…";
            }
            input.append(message.role() == Role.USER ? language.pick("用户：", "User: ") : language.pick("助手：", "Assistant: "))
                    .append(content).append('\n');
        }
        input.append(language.pick("追问：", "Follow-up: ")).append(turn);
        FewShotPrompt.Built built;
        String reply;
        try {
            built = prompt.build("rewrite", language, input.toString(), model, REPLY_TOKENS);
            reply = model.chat(new ChatRequest(built.messages(), new GenerationOptions(REPLY_TOKENS, 0, 1, 0L, List.of("\n"))),
                    TokenSink.NONE, new Cancellation()).text();
        } catch (PromptTooLongException e) {
            return new Result(null, "the rewrite prompt does not fit in the model's context", "rewrite");
        } catch (ModelException | ChatTemplateException e) {
            return new Result(null, "the model failed: " + e.getMessage(), "rewrite");
        }
        String question = firstLine(reply);
        String fault = check(question, turn, shown, language);
        return new Result(fault == null ? new Rewrite(turn, question, "rewritten by the model") : null, fault, built.version());
    }

    private static String firstLine(String reply) {
        for (String line : reply.strip().split("\n")) {
            String text = line.strip().replaceFirst("^(改写|Rewrite|Rewritten|Question|问题)\\s*[:：]\\s*", "")
                    .replaceAll("^[\"“「]|[\"”」]$", "").strip();
            if (!text.isEmpty()) {
                return text;
            }
        }
        return "";
    }

    /** Why {@code question} is not a faithful standalone form of {@code turn}, or null when it is. */
    static String check(String question, String turn, List<ChatMessage> shown, Language language) {
        if (question.isEmpty()) {
            return "the reply was empty";
        }
        if (question.length() > 3 * turn.length() + 120) {
            return "the reply is far longer than the follow-up";
        }
        if (Language.of(question) != language) {
            return "the reply is not in the follow-up's language";
        }
        Set<String> own = QueryTerms.of(turn);
        Set<String> available = new HashSet<>(own);
        shown.forEach(m -> available.addAll(QueryTerms.of(m.content())));
        Set<String> terms = QueryTerms.of(question);
        long kept = own.stream().filter(terms::contains).count();
        if (kept * 2 < own.size()) {
            return "the reply drops most of the follow-up's words";
        }
        List<String> invented = terms.stream().filter(t -> !available.contains(t)).sorted().toList();
        if (invented.size() * 5 > terms.size()) {
            return "the reply adds words the conversation never used: " + String.join(", ", invented.subList(0, Math.min(5, invented.size())));
        }
        return null;
    }
}
