package org.wenjin.assistant.prompt;

import java.util.ArrayList;
import java.util.List;
import org.wenjin.assistant.Citation;
import org.wenjin.assistant.Language;
import org.wenjin.assistant.memory.UserMemory;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.ChatModel;
import org.wenjin.model.GenerationOptions;

/**
 * The prompt for writing an answer: a task-level instruction, the numbered sources the model may cite,
 * as much of the conversation as still fits, then the question. Priority when the context is short:
 * instruction and question first, then sources in rank order, then the most recent history.
 */
public final class AnswerPrompt {

    /** What went into the prompt: the messages, and which of the offered sources made it in. */
    public record Built(List<ChatMessage> messages, List<Citation> sources, int droppedHistoryMessages) {
    }

    public Built build(String question, List<ChatMessage> history, List<UserMemory> memories, List<Citation> sources,
                       ChatModel model, GenerationOptions options) {
        Language language = Language.of(question);
        String instruction = instruction(language) + memoryBlock(memories, language);
        PromptBudget budget = new PromptBudget(model.contextLength() - options.maxTokens(), model::countTokens);
        if (!budget.take(instruction) || !budget.take(question)) {
            throw new PromptTooLongException(model.countTokens(question), model.contextLength() - options.maxTokens());
        }
        // Sources may take at most half of what is left, so a long conversation keeps some history.
        PromptBudget sourceBudget = new PromptBudget(budget.remaining() / 2, model::countTokens);
        List<Citation> kept = sourceBudget.takeWhileFits(sources, AnswerPrompt::renderSource);
        kept.forEach(source -> budget.take(renderSource(source)));

        List<ChatMessage> recentFirst = new ArrayList<>(history.reversed());
        List<ChatMessage> keptHistory = budget.takeWhileFits(recentFirst, ChatMessage::content).reversed();

        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(instruction + sourcesBlock(kept, language)));
        messages.addAll(keptHistory);
        messages.add(ChatMessage.user(question));
        return new Built(messages, kept, history.size() - keptHistory.size());
    }

    private static String instruction(Language language) {
        return language.pick(
                "你是问津，一个乐于助人、实事求是的助手。请用中文回答。下面给出带编号的资料（知识图谱事实和文档段落）。"
                        + "回答时优先依据这些资料，并在引用的句子后面用 [n] 标注来源编号；不要编造编号。"
                        + "如果资料中没有答案，请直接说明，再根据常识谨慎作答，此时不加引用。",
                "You are Wenjin, a helpful and truthful assistant. Answer in English. Numbered sources follow "
                        + "(knowledge-graph facts and document passages). Base your answer on them where they are "
                        + "relevant and cite each claim with its source number as [n] right after it; never invent a "
                        + "number. If the sources do not contain the answer, say so, then answer carefully from general "
                        + "knowledge without citations.");
    }

    /** What is remembered about the user goes with the instruction: it is short and shapes every answer. */
    private static String memoryBlock(List<UserMemory> memories, Language language) {
        if (memories.isEmpty()) {
            return "";
        }
        StringBuilder block = new StringBuilder("\n\n").append(language.pick(
                "关于这位用户（来自以往的对话，回答时请考虑）：", "About the user (from earlier conversations; take it into account):"));
        for (UserMemory memory : memories) {
            block.append("\n- ").append(memory.text());
        }
        return block.toString();
    }

    private static String sourcesBlock(List<Citation> sources, Language language) {
        if (sources.isEmpty()) {
            return "";
        }
        StringBuilder block = new StringBuilder("\n\n").append(language.pick("资料：", "Sources:")).append('\n');
        for (Citation source : sources) {
            block.append(renderSource(source)).append('\n');
        }
        return block.toString();
    }

    static String renderSource(Citation source) {
        String origin = source.kind().equals("fact") ? "fact" : source.title();
        return "[" + source.number() + "] (" + origin + ") " + source.text().strip();
    }
}
