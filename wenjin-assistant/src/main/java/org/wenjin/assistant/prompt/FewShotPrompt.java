package org.wenjin.assistant.prompt;

import java.util.ArrayList;
import java.util.List;
import org.wenjin.assistant.Language;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.ChatModel;

/**
 * A prompt that fuses a task-level instruction (a template) with sample-level content: the examples of the
 * task's pool nearest the input, each shown as a user turn and the assistant's reply, then the input. The
 * examples are fitted into the model's context after the instruction, the input and the reply's room.
 */
public final class FewShotPrompt {
    /** More examples than this add little for rewriting or planning and cost prompt time. */
    private static final int MAX_EXAMPLES = 3;

    private final PromptTemplates templates;

    public FewShotPrompt(PromptTemplates templates) {
        this.templates = templates;
    }

    /** The messages, the examples chosen, and the template's version. */
    public record Built(List<ChatMessage> messages, List<ExamplePool.Example> examples, String version) {
    }

    /** @throws PromptTooLongException when the instruction and the input alone do not fit */
    public Built build(String task, Language language, String input, ChatModel model, int replyTokens) {
        PromptTemplates.Template template = templates.get(task, language);
        ExamplePool pool = templates.examples(task, language);
        int framing = model.countTokens(AnswerPrompt.MESSAGE_FRAMING);
        int available = model.contextLength() - replyTokens - framing;
        PromptBudget budget = new PromptBudget(available, model::countTokens);
        if (!budget.require("instruction", budget.count(template.text()) + framing)
                || !budget.require("input", budget.count(input) + framing)) {
            throw new PromptTooLongException(model.countTokens(input), available);
        }
        List<ExamplePool.Example> examples = budget.offer("examples", pool.nearest(input, MAX_EXAMPLES),
                e -> budget.count(e.input()) + budget.count(e.output()) + 2 * framing, budget.remaining());
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(template.text()));
        // The nearest example goes last, right before the input, where it weighs most on the reply.
        for (ExamplePool.Example example : examples.reversed()) {
            messages.add(ChatMessage.user(example.input()));
            messages.add(ChatMessage.assistant(example.output()));
        }
        messages.add(ChatMessage.user(input));
        return new Built(messages, examples, task + " " + template.version());
    }
}
