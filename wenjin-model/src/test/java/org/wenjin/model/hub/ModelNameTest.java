package org.wenjin.model.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelNameTest {
    @Test
    void aShortNameTakesTheCataloguesDefaultQuantization() {
        ModelName name = ModelName.parse("qwen2.5:0.5b", "huggingface");

        assertThat(name.repository()).isEqualTo("Qwen/Qwen2.5-0.5B-Instruct-GGUF");
        assertThat(name.fileName()).isEqualTo("qwen2.5-0.5b-instruct-q4_k_m.gguf");
    }

    @Test
    void aQuantizationSuffixOverridesTheDefaultInTheRepositorysSpelling() {
        assertThat(ModelName.parse("qwen2.5:1.5b:q8_0", "huggingface").fileName())
                .isEqualTo("qwen2.5-1.5b-instruct-q8_0.gguf");
        assertThat(ModelName.parse("llama3.2:1b:Q6_K", "huggingface").fileName())
                .isEqualTo("Llama-3.2-1B-Instruct-Q6_K.gguf");
        assertThat(ModelName.parse("qwen3:0.6b", "modelscope").fileName()).isEqualTo("Qwen3-0.6B-Q8_0.gguf");
    }

    @Test
    void aHubPathNamesRepositoryAndFile() {
        ModelName name = ModelName.parse("someone/Some-Model-GGUF/some-model.Q4_0.gguf", "huggingface");

        assertThat(name.repository()).isEqualTo("someone/Some-Model-GGUF");
        assertThat(name.fileName()).isEqualTo("some-model.Q4_0.gguf");
    }

    @Test
    void unknownNamesAndQuantizationsAreExplained() {
        assertThatThrownBy(() -> ModelName.parse("gpt-5", "huggingface"))
                .hasMessageContaining("unknown model 'gpt-5'")
                .hasMessageContaining("qwen2.5:0.5b");
        assertThatThrownBy(() -> ModelName.parse("qwen3:0.6b:q2_k", "huggingface"))
                .hasMessageContaining("q8_0");
        assertThatThrownBy(() -> ModelName.parse("llama3.2:1b", "modelscope"))
                .hasMessageContaining("--source huggingface");
    }
}
