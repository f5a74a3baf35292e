package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.wenjin.assistant.Assistant;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.retrieval.DocumentIndex;
import org.wenjin.retrieval.SourceInfo;

/**
 * The documents panel in a real browser (Debian's Chromium, headless), over a server whose document index starts
 * empty: upload a PDF with the file picker and a Markdown file by drag and drop, see a corrupt PDF reported with
 * its reason, see the sources listed, ask a question the upload answers, open the citation and find the passage
 * highlighted among its neighbours, then remove the source. Screenshots go to target/ui-screenshots. Without
 * Chromium the test is skipped, except under CI (CI=true), where it fails.
 */
class DocumentsBrowserTest {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path profile;
    @TempDir
    static Path files;
    static RunningServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws IOException {
        HeadlessChromium.require();
        server = new RunningServer(dataDir, RunningServer.config(),
                new Assistant(null, KnowledgeGraph.inMemory(), DocumentIndex.inMemory()));
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
    void uploadsDocumentsAsksAboutOneAndReadsTheCitedPassageInItsContext() throws IOException {
        byte[] pdf = Uploads.pdf("Tidal Energy", DocumentApiTest.TIDES);
        Path tides = Files.write(files.resolve("tides.pdf"), pdf);
        Path cut = Files.write(files.resolve("cut.pdf"), Arrays.copyOf(pdf, pdf.length / 2));
        browser.get("http://127.0.0.1:" + server.server.port() + "/");
        waitFor(By.cssSelector("body[data-ready='true']"));
        script("localStorage.clear();");

        browser.findElement(By.id("open-documents")).click();
        waitForText(By.cssSelector(".document-list .empty-list"), "No documents yet");
        browser.findElement(By.id("document-files")).sendKeys(tides + "\n" + cut);
        waitForText(By.cssSelector(".upload-done"), "1 file ingested, 3 chunks");
        assertThat(browser.findElement(By.cssSelector(".skipped-file")).getText()).startsWith("cut.pdf: not a readable .pdf file");
        waitForText(By.cssSelector(".document-item[data-source='upload:tides.pdf'] .document-chunks"), "3 chunks");
        assertThat(browser.findElement(By.cssSelector(".document-item .document-title")).getText()).isEqualTo("Tidal Energy");
        assertThat(browser.findElement(By.cssSelector(".document-item .document-status")).getText()).isEqualTo("indexed");

        // Drag and drop: the drop event a browser fires when files are dropped on the zone.
        script("const data = new DataTransfer(); data.items.add(new File([arguments[0]], '茶马古道.md', {type: 'text/markdown'}));"
                + "document.querySelector('.drop-zone').dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));",
                DocumentApiTest.TEA);
        waitFor(By.cssSelector(".document-item[data-source='upload:茶马古道.md']"));
        assertThat(browser.findElements(By.cssSelector(".document-item")).stream().map(e -> e.getDomAttribute("data-source")).toList())
                .containsExactly("upload:tides.pdf", "upload:茶马古道.md");
        assertThat(server.assistant.documents().sources()).extracting(SourceInfo::source)
                .containsExactly("upload:tides.pdf", "upload:茶马古道.md");
        screenshot("documents-1-uploaded");

        WebElement question = browser.findElement(By.id("question"));
        question.sendKeys("Which barrage in Brittany has produced electricity since 1966?", Keys.ENTER);
        waitFor(By.cssSelector(".message.assistant .citations"));
        assertThat(browser.findElement(By.cssSelector(".message.assistant .citation-item .citation-title")).getText())
                .isEqualTo("Tidal Energy § page 2");
        // The answer's text is rendered on the next animation frame, the citation list at once.
        waitFor(By.cssSelector(".message.assistant .answer a.cite[data-cite='1']")).click();

        WebElement cited = waitFor(By.cssSelector("#source-text mark.cited-passage"));
        assertThat(cited.getText()).contains("La Rance barrage in Brittany");
        List<String> neighbours = browser.findElements(By.cssSelector("#source-text .context-passage")).stream()
                .map(WebElement::getText).toList();
        assertThat(neighbours).hasSize(2);
        assertThat(neighbours.get(0)).contains("the Moon pulls on the oceans");
        assertThat(neighbours.get(1)).contains("underwater windmills");
        String shown = browser.findElement(By.id("source-text")).getText();
        assertThat(shown.indexOf("Moon")).isLessThan(shown.indexOf("La Rance")).isPositive();
        assertThat(shown.indexOf("La Rance")).isLessThan(shown.indexOf("underwater windmills"));
        assertThat(browser.findElements(By.cssSelector("#source-text .context-section")).stream().map(WebElement::getText).toList())
                .containsExactly("page 1", "page 2", "page 3");
        assertThat(((Number) script("const mark = document.querySelector('#source-text mark.cited-passage').getBoundingClientRect();"
                + "const box = document.getElementById('source-text').getBoundingClientRect();"
                + "return mark.bottom > box.top && mark.top < box.bottom ? 1 : 0;")).intValue()).as("scrolled into view").isEqualTo(1);
        screenshot("documents-2-citation-in-context");

        browser.findElement(By.id("open-documents")).click();
        WebElement item = waitFor(By.cssSelector(".document-item[data-source='upload:tides.pdf']"));
        item.findElement(By.cssSelector(".document-remove")).click();
        waitFor(By.cssSelector(".document-item[data-source='upload:tides.pdf'] .document-confirm-remove")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d ->
                d.findElements(By.cssSelector(".document-item[data-source='upload:tides.pdf']")).isEmpty());
        waitForText(By.cssSelector(".upload-done"), "Removed Tidal Energy");
        assertThat(server.assistant.documents().sources()).extracting(SourceInfo::source).containsExactly("upload:茶马古道.md");
        assertThat(server.assistant.documents().search("La Rance barrage", 5)).isEmpty();
        screenshot("documents-3-removed");
    }

    static Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(code, args);
    }

    static WebElement waitFor(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            List<WebElement> found = d.findElements(locator);
            return found.isEmpty() ? null : found.getFirst();
        });
    }

    static void waitForText(By locator, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                d.findElements(locator).stream().anyMatch(e -> e.getText().contains(text)));
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
