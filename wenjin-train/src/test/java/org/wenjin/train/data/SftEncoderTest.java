package org.wenjin.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wenjin.model.ChatMessage.assistant;
import static org.wenjin.model.ChatMessage.system;
import static org.wenjin.model.ChatMessage.user;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.tokenizer.Tokenizer;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.template.ChatTemplate;
import org.wenjin.model.template.ChatTemplateException;

/** Token ids and loss masks: the model is trained on what it should write and on nothing else. */
class SftEncoderTest {
    private static final String STORIES = "stories260K.gguf";
    private static final String QWEN2 = "ggml-vocab-qwen2.gguf";
    private static final String LLAMA3 = "ggml-vocab-llama-bpe.gguf";

    /** The trained tokens, one decoded string per run of consecutive trained tokens, control tokens written out. */
    private static List<String> trainedRuns(EncodedExample example, Tokenizer tokenizer) {
        List<String> runs = new ArrayList<>();
        int i = 0;
        while (i < example.length()) {
            if (!example.trained()[i]) {
                i++;
                continue;
            }
            int start = i;
            while (i < example.length() && example.trained()[i]) {
                i++;
            }
            runs.add(tokenizer.decode(Arrays.copyOfRange(example.tokens(), start, i), true));
        }
        return runs;
    }

    private static String untrainedText(EncodedExample example, Tokenizer tokenizer) {
        int[] untrained = new int[example.length() - example.trainedCount()];
        for (int i = 0, k = 0; i < example.length(); i++) {
            if (!example.trained()[i]) {
                untrained[k++] = example.tokens()[i];
            }
        }
        return tokenizer.decode(untrained, true);
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void aChatMlConversationTrainsExactlyTheAnswersWithTheirEndOfTurnToken() {
        Tokenizer qwen = DataTestFiles.tokenizer(QWEN2);
        ChatTemplate chatMl = ChatTemplate.chatMl("", "<|endoftext|>");
        List<ChatMessage> messages = List.of(system("You are terse."), user("What is 2+2?"), assistant("It is 4."),
                user("And 3+3?"), assistant("6, of course."));

        EncodedExample example = SftEncoder.withTemplate(qwen, chatMl).encode(new SftExample.Chat(messages, "chat:1"));

        assertThat(trainedRuns(example, qwen)).containsExactly("It is 4.<|im_end|>", "6, of course.<|im_end|>");
        assertThat(untrainedText(example, qwen)).isEqualTo("""
                <|im_start|>system
                You are terse.<|im_end|>
                <|im_start|>user
                What is 2+2?<|im_end|>
                <|im_start|>assistant

                <|im_start|>user
                And 3+3?<|im_end|>
                <|im_start|>assistant

                """);
        assertThat(example.tokens()).as("the ids inference would give the rendered conversation")
                .containsExactly(qwen.encode(chatMl.render(messages, false), false, true));
        assertThat(example.origin()).isEqualTo("chat:1");
    }

    @Test
    void turnsAfterTheLastAnswerAreLeftOut() {
        Tokenizer qwen = DataTestFiles.tokenizer(QWEN2);
        ChatTemplate chatMl = ChatTemplate.chatMl("", "<|endoftext|>");

        EncodedExample example = SftEncoder.withTemplate(qwen, chatMl).encode(new SftExample.Chat(
                List.of(user("Hi"), assistant("Hello!"), user("Bye")), "chat:2"));

        assertThat(qwen.decode(example.tokens(), true))
                .isEqualTo("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n");
    }

    @Test
    void aTemplateThatWritesBosGetsNoSecondOneAndLlama3AnswersEndWithEotId() {
        Tokenizer llama3 = DataTestFiles.tokenizer(LLAMA3);
        int bos = llama3.bos().orElseThrow();
        ChatTemplate template = ChatTemplate.llama3(llama3.tokenText(bos), llama3.tokenText(llama3.eos().orElseThrow()));

        EncodedExample example = SftEncoder.withTemplate(llama3, template)
                .encode(new SftExample.Chat(List.of(user("Name a colour."), assistant("Blue.")), "chat:3"));

        assertThat(example.tokens()[0]).isEqualTo(bos);
        assertThat(example.tokens()[1]).isNotEqualTo(bos);
        assertThat(trainedRuns(example, llama3)).containsExactly("Blue.<|eot_id|>");
    }

    @Test
    void aTemplateThatRendersEarlierAnswersDifferentlyTrainsOnlyTheLastAnswer() {
        Tokenizer qwen = DataTestFiles.tokenizer(QWEN2);
        // Like Qwen3's template, which drops the reasoning of answers before the last one.
        ChatTemplate shortensHistory = ChatTemplate.of("""
                {%- for m in messages -%}
                {%- if m.role == 'assistant' and not loop.last -%}<|im_start|>assistant
                (earlier answer)<|im_end|>
                {% else -%}<|im_start|>{{ m.role }}
                {{ m.content }}<|im_end|>
                {% endif -%}
                {%- endfor -%}
                {%- if add_generation_prompt -%}<|im_start|>assistant
                {% endif -%}""", "", "<|endoftext|>");
        SftEncoder encoder = SftEncoder.withTemplate(qwen, shortensHistory);
        SftExample.Chat chat = new SftExample.Chat(List.of(user("a?"), assistant("A."), user("b?"), assistant("B.")), "chat:4");

        EncodedSet encoded = encoder.encodeAll(List.of(chat), 1024);

        assertThat(trainedRuns(encoded.examples().getFirst(), qwen)).containsExactly("B.<|im_end|>");
        assertThat(encoded.problems()).singleElement().satisfies(p -> {
            assertThat(p.origin()).isEqualTo("chat:4");
            assertThat(p.message()).startsWith("only the last of 2 answers is trained");
        });
    }

    @Test
    void aConversationTheTemplateRejectsIsLeftOutWithTheTemplatesReason() {
        Tokenizer qwen = DataTestFiles.tokenizer(QWEN2);
        ChatTemplate noSystem = ChatTemplate.of("""
                {%- if messages[0].role == 'system' %}{{ raise_exception('System role not supported') }}{% endif -%}
                {%- for m in messages %}<|im_start|>{{ m.role }}
                {{ m.content }}<|im_end|>
                {% endfor -%}""", "", "<|endoftext|>");
        SftEncoder encoder = SftEncoder.withTemplate(qwen, noSystem);
        SftExample.Chat withSystem = new SftExample.Chat(List.of(system("s"), user("u"), assistant("a")), "chat:5");
        SftExample.Chat without = new SftExample.Chat(List.of(user("u"), assistant("a")), "chat:6");

        EncodedSet encoded = encoder.encodeAll(List.of(withSystem, without), 1024);

        assertThat(encoded.examples()).extracting(EncodedExample::origin).containsExactly("chat:6");
        assertThat(encoded.dropped()).isEqualTo(1);
        assertThat(encoded.problems()).singleElement().satisfies(p -> {
            assertThat(p.origin()).isEqualTo("chat:5");
            assertThat(p.message()).contains("System role not supported");
        });
        assertThatThrownBy(() -> encoder.encode(withSystem)).isInstanceOf(ChatTemplateException.class);
    }

    @Test
    void storiesHasNoChatTemplateSoItsChatsAreWrittenAsPlainText() throws IOException {
        try (GgufFile gguf = GgufFile.open(DataTestFiles.file(STORIES))) {
            SftEncoder encoder = SftEncoder.fromGguf(gguf);
            Tokenizer stories = encoder.tokenizer();

            EncodedExample example = encoder.encode(new SftExample.Chat(List.of(system("Tell a story."),
                    user("About a cat."), assistant("Once there was a cat."), user("More."), assistant("The end.")), "c"));

            assertThat(encoder.template()).isEmpty();
            assertThat(example.tokens()[0]).isEqualTo(stories.bos().orElseThrow());
            assertThat(stories.decode(example.tokens()))
                    .isEqualTo("Tell a story.\nAbout a cat.\nOnce there was a cat.\nMore.\nThe end.");
            assertThat(trainedRuns(example, stories)).containsExactly("Once there was a cat.", "The end.</s>");
        }
    }

    @Test
    void aVocabularyWithChatMlTokensButNoTemplateIsPromptedWithChatMlAsAtInference() throws IOException {
        try (GgufFile gguf = GgufFile.open(DataTestFiles.file(QWEN2))) {
            SftEncoder encoder = SftEncoder.fromGguf(gguf);

            assertThat(encoder.template()).isPresent();
            assertThat(trainedRuns(encoder.encode(new SftExample.Chat(List.of(user("Hi"), assistant("Hello")), "c")),
                    encoder.tokenizer())).containsExactly("Hello<|im_end|>");
        }
    }

    @Test
    void aCompletionTrainsTheCompletionAndEosButNotThePrompt() {
        Tokenizer stories = DataTestFiles.tokenizer(STORIES);
        int bos = stories.bos().orElseThrow();
        int eos = stories.eos().orElseThrow();
        String prompt = "Once upon a time, there was a";
        String completion = " little girl named Lily.";

        EncodedExample example = SftEncoder.withoutTemplate(stories)
                .encode(new SftExample.Completion(prompt, completion, "data.jsonl:7"));

        int[] promptIds = stories.encode(prompt, false, true);
        assertThat(example.tokens()).containsExactly(concat(new int[] {bos},
                stories.encode(prompt + completion, false, true), new int[] {eos}));
        for (int i = 0; i < example.length(); i++) {
            assertThat(example.trained()[i]).as("token %d", i).isEqualTo(i > promptIds.length);
        }
        assertThat(stories.decode(example.trainedTokens())).isEqualTo("little girl named Lily.");
    }

    @Test
    void aTextIsTrainedWholeWithEosAndBosAsTheTokenizerAddsIt() {
        Tokenizer stories = DataTestFiles.tokenizer(STORIES);
        Tokenizer qwen = DataTestFiles.tokenizer(QWEN2);

        EncodedExample withBos = SftEncoder.withoutTemplate(stories).encode(new SftExample.Text("The sun was warm.", "t"));
        EncodedExample withoutBos = SftEncoder.withoutTemplate(qwen).encode(new SftExample.Text("The sun was warm.", "t"));

        assertThat(withBos.tokens()).containsExactly(concat(stories.encode("The sun was warm.", true, false),
                new int[] {stories.eos().orElseThrow()}));
        assertThat(withBos.trainedCount()).isEqualTo(withBos.length() - 1);
        assertThat(qwen.specialTokens().addBos()).isFalse();
        assertThat(withoutBos.tokens()).containsExactly(concat(qwen.encode("The sun was warm.", false, false),
                new int[] {qwen.eos().orElseThrow()}));
        assertThat(withoutBos.trained()[0]).as("nothing comes before the first token").isFalse();
        assertThat(withoutBos.trainedCount()).isEqualTo(withoutBos.length() - 1);
    }

    @Test
    void aLongExampleIsTruncatedAndOneWithNothingLeftToTrainIsLeftOut() {
        Tokenizer stories = DataTestFiles.tokenizer(STORIES);
        String story = "Once upon a time, there was a little girl named Lily. She loved to play outside in the sun.";
        List<SftExample> examples = List.of(
                new SftExample.Text(story, "long text"),
                new SftExample.Completion(story, " The end.", "long prompt"),
                new SftExample.Completion("Hi.", " Bye.", "short"));

        EncodedSet encoded = SftEncoder.withoutTemplate(stories).encodeAll(examples, 16);

        assertThat(encoded.examples()).extracting(EncodedExample::origin).containsExactly("long text", "short");
        assertThat(encoded.examples().getFirst().length()).isEqualTo(16);
        assertThat(encoded.examples().getFirst().trainedCount()).isEqualTo(15);
        assertThat(encoded.truncated()).isEqualTo(2);
        assertThat(encoded.dropped()).isEqualTo(1);
        assertThat(encoded.problems()).extracting(DataProblem::toString).containsExactly(
                "long text: truncated from " + (stories.encode(story, true, false).length + 1) + " to 16 tokens",
                "long prompt: truncated from " + encoder(stories).encode(examples.get(1)).length() + " to 16 tokens",
                "long prompt: left out: nothing to train within the first 16 tokens");
        assertThat(encoded.trainedTokens()).isEqualTo(15 + encoded.examples().get(1).trainedCount());
    }

    private static SftEncoder encoder(Tokenizer tokenizer) {
        return SftEncoder.withoutTemplate(tokenizer);
    }
}
