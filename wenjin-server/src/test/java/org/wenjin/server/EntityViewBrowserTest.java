package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.wenjin.assistant.Assistant;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.retrieval.DocumentIndex;

/**
 * The entity view in a real browser (Debian's Chromium, headless), as {@link WebUiBrowserTest} runs it: a fact
 * cited under an answer links to its subject's and object's pages, and a page shows the entity's names,
 * aliases, classes, facts both ways and neighbours, each linking on, with Back; and names and values from
 * the graph are shown as text, never run. Screenshots go to
 * target/ui-screenshots. Without Chromium the test is skipped, except under CI (CI=true), where it fails.
 */
class EntityViewBrowserTest {
    private static final String DEMO = "urn:wenjin:demo:";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path profile;
    static RunningServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws IOException {
        HeadlessChromium.require();
        server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive());
        Files.createDirectories(WebUiBrowserTest.SCREENSHOTS);
        browser = HeadlessChromium.start(profile);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aCitedFactLeadsToEntityPagesThatLinkOnAndBack() {
        browser.get("http://127.0.0.1:" + server.server.port() + "/");
        waitFor(By.cssSelector("body[data-ready='true']"));
        WebElement question = browser.findElement(By.id("question"));
        question.sendKeys("Who developed ERNIE Bot?", Keys.ENTER);
        waitFor(By.cssSelector(".message.assistant .citations"));

        browser.findElement(By.cssSelector(".message.assistant .answer a.cite[data-cite='1']")).click();
        WebElement baiduLink = waitFor(By.cssSelector(".entity-fact-links .entity-link[data-iri='" + DEMO + "Baidu']"));
        WebElement ernieLink = browser.findElement(By.cssSelector(".entity-fact-links .entity-link[data-iri='" + DEMO + "ErnieBot']"));
        assertThat(baiduLink.getText()).isEqualTo("Baidu");
        assertThat(ernieLink.getText()).isEqualTo("ERNIE Bot");
        assertThat(browser.findElement(By.cssSelector(".entity-fact-links .entity-predicate")).getText()).startsWith("developer");
        screenshot("entity-1-fact-links");

        baiduLink.click();
        waitFor(By.cssSelector(".entity-view[data-iri='" + DEMO + "Baidu']"));
        assertThat(browser.findElement(By.id("source-heading")).getText()).isEqualTo("Entity");
        assertThat(browser.findElement(By.cssSelector("#source-meta .entity-title")).getText()).isEqualTo("Baidu");
        assertThat(browser.findElement(By.cssSelector("#source-meta .entity-iri")).getText()).isEqualTo(DEMO + "Baidu");
        assertThat(browser.findElement(By.cssSelector(".entity-labels")).getText()).contains("Baidu", "百度");
        assertThat(browser.findElement(By.cssSelector(".entity-outgoing")).getText()).contains("headquarters", "Beijing");
        assertThat(browser.findElement(By.cssSelector(".entity-incoming")).getText()).contains("ERNIE Bot", "developer");
        assertThat(browser.findElement(By.cssSelector(".entity-neighbours")).getText()).contains("Beijing", "ERNIE Bot");
        screenshot("entity-2-baidu");

        browser.findElement(By.cssSelector(".entity-incoming .entity-link[data-iri='" + DEMO + "ErnieBot']")).click();
        waitFor(By.cssSelector(".entity-view[data-iri='" + DEMO + "ErnieBot']"));
        assertThat(browser.findElement(By.cssSelector(".entity-aliases")).getText()).contains("Wenxin Yiyan");
        assertThat(browser.findElement(By.cssSelector(".entity-types")).getText()).contains("chatbot", "software");
        screenshot("entity-3-ernie-bot");

        browser.findElement(By.cssSelector(".entity-back")).click();
        waitFor(By.cssSelector(".entity-view[data-iri='" + DEMO + "Baidu']"));
        assertThat(browser.findElements(By.cssSelector(".entity-back"))).as("the first page has nothing to go back to").isEmpty();
    }

    @Test
    void namesAndValuesFromTheGraphAreShownAsTextAndNeverRun(@TempDir Path otherData) {
        KnowledgeGraph graph = KnowledgeGraph.inMemory();
        graph.importTurtle(new ByteArrayInputStream("""
                @prefix ex: <http://example.org/> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                ex:Mallory rdfs:label "<img src=x onerror=\\"window.__xss='label'\\">Mallory"@en ;
                    ex:motto "<script>window.__xss='value'</script>" ; ex:knows ex:Trent .
                ex:Trent rdfs:label "Trent"@en .
                ex:knows rdfs:label "<b onmouseover=\\"window.__xss='predicate'\\">knows</b>"@en .
                """.getBytes(StandardCharsets.UTF_8)), "hostile.ttl");
        try (RunningServer hostile = new RunningServer(otherData, RunningServer.config(),
                new Assistant(null, graph, DocumentIndex.inMemory()))) {
            browser.get("http://127.0.0.1:" + hostile.server.port() + "/");
            waitFor(By.cssSelector("body[data-ready='true']"));
            ((JavascriptExecutor) browser).executeScript("WenjinEntity.show(arguments[0]);", "http://example.org/Mallory");
            waitFor(By.cssSelector(".entity-view[data-iri='http://example.org/Mallory']"));

            assertThat(browser.findElement(By.cssSelector("#source-meta .entity-title")).getText())
                    .isEqualTo("<img src=x onerror=\"window.__xss='label'\">Mallory");
            assertThat(browser.findElement(By.cssSelector(".entity-outgoing")).getText())
                    .contains("<script>window.__xss='value'</script>", "<b onmouseover=");
            assertThat(browser.findElements(By.cssSelector(".entity-view img, .entity-view script, .entity-view b, #source-meta img")))
                    .isEmpty();
            assertThat(((JavascriptExecutor) browser).executeScript("return window.__xss === undefined;")).isEqualTo(true);
            screenshot("entity-4-hostile");
        }
    }

    static WebElement waitFor(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class).until(d -> {
            List<WebElement> found = d.findElements(locator);
            return found.isEmpty() ? null : found.getFirst();
        });
    }

    static void screenshot(String name) {
        File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(file.toPath(), WebUiBrowserTest.SCREENSHOTS.resolve(name + ".png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
