package org.wenjin.assistant.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wenjin.assistant.Citation;
import org.wenjin.assistant.memory.UserMemory;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.GenerationOptions;
import org.wenjin.model.Role;
import org.wenjin.model.openai.OpenAiChatModel;
import org.wenjin.model.openai.RemoteModelConfig;

class AnswerPromptTest {
    /** A remote model is used only for its context length and token estimate; nothing is sent. */
    private static OpenAiChatModel modelWithContext(int tokens) {
        return new OpenAiChatModel(new RemoteModelConfig("http://127.0.0.1:9/v1", "test", null, tokens, null, null));
    }

    private static final GenerationOptions REPLY_64 = GenerationOptions.DEFAULTS.withMaxTokens(64);

    @Test
    void putsNumberedSourcesInTheSystemMessageAndTheQuestionLast() {
        List<Citation> sources = List.of(
                new Citation(1, "fact", "F1", "demo.ttl", "ERNIE Bot", "ERNIE Bot — developer — Baidu"),
                new Citation(2, "passage", "c1", "ernie.md", "ERNIE Bot", "ERNIE Bot launched in March 2023."));

        AnswerPrompt.Built built = new AnswerPrompt(PromptTemplates.bundled()).build("Who made ERNIE Bot?",
                List.of(ChatMessage.user("hi"), ChatMessage.assistant("Hello!")), List.of(), sources, modelWithContext(4096), REPLY_64, null);

        assertThat(built.messages()).extracting(ChatMessage::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER);
        String system = built.messages().getFirst().content();
        assertThat(system).contains("[1] (fact) ERNIE Bot — developer — Baidu")
                .contains("[2] (ERNIE Bot) ERNIE Bot launched in March 2023.")
                .contains("cite");
        assertThat(built.messages().getLast().content()).isEqualTo("Who made ERNIE Bot?");
        assertThat(built.sources()).isEqualTo(sources);
    }

    @Test
    void answersInTheLanguageOfTheQuestion() {
        AnswerPrompt.Built built = new AnswerPrompt(PromptTemplates.bundled()).build("文心一言是谁开发的？", List.of(), List.of(), List.of(),
                modelWithContext(4096), REPLY_64, null);

        assertThat(built.messages().getFirst().content()).contains("请用中文回答");
    }

    @Test
    void whenTheContextIsShortKeepsTheBestSourcesAndTheRecentTurnsAndCondensesTheOlderOnes() {
        List<Citation> sources = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            sources.add(new Citation(i, "passage", "c" + i, "doc.md", "Doc", "word ".repeat(40)));
        }
        List<ChatMessage> history = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            history.add(i % 2 == 0 ? ChatMessage.user("Question " + i + " about topic" + i + "? " + "talk ".repeat(30))
                    : ChatMessage.assistant("Answer " + i + ". " + "talk ".repeat(30)));
        }
        OpenAiChatModel model = modelWithContext(1200);

        AnswerPrompt.Built built = new AnswerPrompt(PromptTemplates.bundled()).build("And then?", history, List.of(), sources, model, REPLY_64, null);

        assertThat(built.sources()).isNotEmpty().hasSizeLessThan(20);
        assertThat(built.sources().getFirst().number()).isEqualTo(1);
        assertThat(built.condensedHistoryMessages()).isPositive();
        assertThat(built.condensedBy()).isEqualTo("key sentences");
        List<ChatMessage> keptHistory = built.messages().subList(1, built.messages().size() - 1);
        assertThat(keptHistory.getLast().content()).startsWith("Answer 29. ");
        assertThat(keptHistory.size() + built.condensedHistoryMessages()).isEqualTo(30);
        assertThat(built.messages().getFirst().content()).contains("Earlier in this conversation:\nUser: Question ").doesNotContain("Answer 1.");
        int counted = built.messages().stream().mapToInt(m -> model.countTokens(m.content()) + model.countTokens(AnswerPrompt.MESSAGE_FRAMING)).sum();
        assertThat(counted + model.countTokens(AnswerPrompt.MESSAGE_FRAMING)).isLessThanOrEqualTo(1200 - 64);
        assertThat(built.budget()).anySatisfy(line -> assertThat(line).startsWith("passages: ").contains(" of 20 kept"))
                .anySatisfy(line -> assertThat(line).startsWith("summary of " + built.condensedHistoryMessages() + " older turns"));
    }

    @Test
    void aQuestionLongerThanTheContextIsAClearError() {
        assertThatThrownBy(() -> new AnswerPrompt(PromptTemplates.bundled()).build("long ".repeat(2000), List.of(), List.of(), List.of(),
                modelWithContext(512), REPLY_64, null))
                .isInstanceOf(PromptTooLongException.class)
                .hasMessageContaining("tokens");
    }

    @Test
    void whatIsRememberedAboutTheUserGoesWithTheInstruction() {
        AnswerPrompt.Built built = new AnswerPrompt(PromptTemplates.bundled()).build("What should I read about LLMs?", List.of(),
                List.of(new UserMemory("fact", "works at a primary school"), new UserMemory("preference", "keep answers short")),
                List.of(), modelWithContext(4096), REPLY_64, null);

        assertThat(built.messages().getFirst().content())
                .contains("About the user").contains("- works at a primary school").contains("- keep answers short");
    }
}
