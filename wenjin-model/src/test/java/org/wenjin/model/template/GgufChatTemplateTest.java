package org.wenjin.model.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufValue;
import org.wenjin.llm.gguf.GgufWriter;
import org.wenjin.llm.model.LanguageModel;
import org.wenjin.llm.tokenizer.Tokenizer;
import org.wenjin.model.ChatMessage;

/** The template a GGUF file carries, or the fallback its special tokens call for. */
class GgufChatTemplateTest {

    @TempDir
    Path dir;

    private ChatTemplate templateOf(GgufWriter writer) throws IOException {
        Path file = dir.resolve("model.gguf");
        writer.write(file);
        try (GgufFile gguf = GgufFile.open(file)) {
            return ChatTemplate.fromGguf(gguf, Tokenizer.fromGguf(gguf));
        }
    }

    /** A SentencePiece vocabulary with the given special tokens after <unk>, <s>, </s>. */
    private static GgufWriter vocabulary(String... special) {
        String[] tokens = new String[3 + special.length + 2];
        int[] types = new int[tokens.length];
        tokens[0] = "<unk>";
        tokens[1] = "<s>";
        tokens[2] = "</s>";
        types[0] = 2;
        types[1] = 3;
        types[2] = 3;
        for (int i = 0; i < special.length; i++) {
            tokens[3 + i] = special[i];
            types[3 + i] = 3;
        }
        tokens[tokens.length - 2] = "▁";
        tokens[tokens.length - 1] = "x";
        types[tokens.length - 2] = 1;
        types[tokens.length - 1] = 1;
        return new GgufWriter()
                .put("tokenizer.ggml.model", GgufValue.string("llama"))
                .put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens))
                .put("tokenizer.ggml.token_type", GgufValue.int32Array(types));
    }

    @Test
    void usesTheTemplateInTheFileWithItsBosAndEosText() throws IOException {
        ChatTemplate template = templateOf(vocabulary().put(ChatTemplate.GGUF_KEY, GgufValue.string(
                "{{ bos_token }}{% for m in messages %}[{{ m.role }}] {{ m.content }}{{ eos_token }}{% endfor %}")));
        assertThat(template.bosToken()).isEqualTo("<s>");
        assertThat(template.eosToken()).isEqualTo("</s>");
        assertThat(template.render(List.of(ChatMessage.user("hi")), true)).isEqualTo("<s>[user] hi</s>");
        assertThat(template.rendersBos()).isTrue();
    }

    @Test
    void withoutATemplateLlama3VocabulariesGetTheLlama3FormatAndOthersChatMl() throws IOException {
        ChatTemplate llama3 = templateOf(vocabulary("<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"));
        assertThat(llama3.render(List.of(ChatMessage.user("hi")), true))
                .isEqualTo("<s><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
        ChatTemplate chatMl = templateOf(vocabulary("<|im_start|>", "<|im_end|>"));
        assertThat(chatMl.render(List.of(ChatMessage.user("hi")), true)).isEqualTo("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
        assertThat(chatMl.rendersBos()).isFalse();
    }

    @Test
    void aLoadedModelWithoutATemplateFallsBackToChatMl() throws IOException {
        Path stories = Path.of(System.getProperty("wenjin.testdata"), "stories260K.gguf");
        try (LanguageModel model = LanguageModel.load(stories)) {
            ChatTemplate template = ChatTemplate.forModel(model);
            assertThat(template.bosToken()).isEqualTo("<s>");
            assertThat(template.render(List.of(ChatMessage.user("Once")), true))
                    .isEqualTo("<|im_start|>user\nOnce<|im_end|>\n<|im_start|>assistant\n");
        }
    }
}
