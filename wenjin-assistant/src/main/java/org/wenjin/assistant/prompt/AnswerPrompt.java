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
    private final PromptTemplates templates;

    public AnswerPrompt(PromptTemplates templates) {
        this.templates = templates;
    }

    /** What went into the prompt: the messages, and which of the offered sources made it in. */
    public record Built(List<ChatMessage> messages, List<Citation> sources, int droppedHistoryMessages,
                        String templateVersions) {
    }

    public Built build(String question, List<ChatMessage> history, List<UserMemory> memories, List<Citation> sources,
                       ChatModel model, GenerationOptions options) {
        Language language = Language.of(question);
        String instruction = templates.get("answer", language).text() + memoryBlock(memories, language);
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
        String versions = "answer " + templates.get("answer", language).version();
        messages.addAll(keptHistory);
        messages.add(ChatMessage.user(question));
        return new Built(messages, kept, history.size() - keptHistory.size(), versions);
    }

    /** What is remembered about the user goes with the instruction: it is short and shapes every answer. */
    private String memoryBlock(List<UserMemory> memories, Language language) {
        if (memories.isEmpty()) {
            return "";
        }
        StringBuilder block = new StringBuilder("\n\n").append(templates.get("memory", language).text());
        for (UserMemory memory : memories) {
            block.append("\n- ").append(memory.text());
        }
        return block.toString();
    }

    private String sourcesBlock(List<Citation> sources, Language language) {
        if (sources.isEmpty()) {
            return "";
        }
        StringBuilder block = new StringBuilder("\n\n").append(templates.get("sources", language).text()).append('\n');
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
