package org.wenjin.assistant.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.assistant.Language;

class PromptTemplatesTest {
    @TempDir
    Path folder;

    @Test
    void bundledTemplatesComeInChineseAndEnglishWithAVersion() {
        PromptTemplates templates = PromptTemplates.bundled();

        assertThat(templates.get("answer", Language.CHINESE).text()).contains("[n]").contains("中文");
        assertThat(templates.get("answer", Language.ENGLISH).text()).contains("[n]").contains("English");
        assertThat(templates.get("answer", Language.ENGLISH).version()).isEqualTo("v2");
        assertThat(templates.get("system", Language.CHINESE).text()).contains("问津");
    }

    @Test
    void aFileInTheOverrideFolderReplacesTheBundledTemplateOfThatName() throws IOException {
        Files.writeString(folder.resolve("answer.en.txt"), "# answer v7 — terse\nAnswer in one sentence, citing [n].\n");
        PromptTemplates templates = PromptTemplates.withOverrides(folder);

        assertThat(templates.get("answer", Language.ENGLISH).text()).isEqualTo("Answer in one sentence, citing [n].");
        assertThat(templates.get("answer", Language.ENGLISH).version()).isEqualTo("v7");
        assertThat(templates.get("answer", Language.CHINESE).version()).isEqualTo("v2");
    }

    @Test
    void aTemplateWithoutItsHeaderLineIsRejectedNamingTheFile() throws IOException {
        Files.writeString(folder.resolve("answer.en.txt"), "Just answer.\n");

        assertThatThrownBy(() -> PromptTemplates.withOverrides(folder).get("answer", Language.ENGLISH))
                .hasMessageContaining("answer.en.txt").hasMessageContaining("line 1");
    }
}
