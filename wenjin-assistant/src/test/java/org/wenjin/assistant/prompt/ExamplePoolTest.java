package org.wenjin.assistant.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.assistant.Language;

class ExamplePoolTest {
    @TempDir
    Path folder;

    @Test
    void theBundledPoolsComeInChineseAndEnglishForRewritingAndPlanning() {
        PromptTemplates templates = PromptTemplates.bundled();

        for (String task : new String[] {"rewrite", "plan", "extract-memory"}) {
            assertThat(templates.examples(task, Language.CHINESE).all()).hasSizeGreaterThanOrEqualTo(5);
            assertThat(templates.examples(task, Language.ENGLISH).all()).hasSizeGreaterThanOrEqualTo(5);
            assertThat(templates.get(task, Language.CHINESE).version()).isEqualTo("v1");
        }
    }

    @Test
    void theExamplesNearestTheQuestionAreChosenFirst() {
        ExamplePool pool = PromptTemplates.bundled().examples("rewrite", Language.ENGLISH);

        assertThat(pool.nearest("User: Where is Tencent headquartered?\nAssistant: In Shenzhen.\nFollow-up: What about Alibaba?", 2))
                .first().extracting(ExamplePool.Example::output).isEqualTo("Where is Alibaba headquartered?");
        assertThat(pool.nearest("Follow-up: How many parameters does it have?", 1))
                .singleElement().extracting(ExamplePool.Example::output).isEqualTo("How many parameters does GPT-3 have?");
    }

    @Test
    void aPoolInTheOverrideFolderReplacesTheBundledOne() throws IOException {
        Files.writeString(folder.resolve("rewrite.examples.en.jsonl"), """
                {"input": "Follow-up: and its price?", "output": "What is the price of the Model 3?"}

                {"input": "Follow-up: who made it?", "output": "Who made the Model 3?"}
                """);

        ExamplePool pool = PromptTemplates.withOverrides(folder).examples("rewrite", Language.ENGLISH);

        assertThat(pool.all()).extracting(ExamplePool.Example::output)
                .containsExactly("What is the price of the Model 3?", "Who made the Model 3?");
        assertThat(PromptTemplates.withOverrides(folder).examples("rewrite", Language.CHINESE).origin()).startsWith("bundled");
    }

    @Test
    void aLineThatIsNotAnExampleIsRejectedNamingTheFileAndLine() throws IOException {
        Files.writeString(folder.resolve("plan.examples.zh.jsonl"), """
                {"input": "问题：百度是什么？", "output": "{}"}
                {"input": "问题：文心一言是什么？"}
                """);

        assertThatThrownBy(() -> PromptTemplates.withOverrides(folder).examples("plan", Language.CHINESE))
                .hasMessageContaining("plan.examples.zh.jsonl, line 2").hasMessageContaining("'output'");
        assertThatThrownBy(() -> ExamplePool.parse("pool.jsonl", "{\"input\": \"x\", \"output\": \"y\"}\nnot json"))
                .hasMessageContaining("pool.jsonl, line 2: not a JSON object");
    }
}
