package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
import org.wenjin.store.Conversation;
import org.wenjin.store.Feedback;
import org.wenjin.store.NewMessage;
import org.wenjin.store.Rating;

/**
 * The web chat in a real browser (Debian's Chromium, headless): ask, watch the answer stream in, open a
 * citation, read the trace, rate the answer, reload and find it all again; and check that hostile text in
 * answers, sources and traces is shown as text and never runs. Screenshots of each step are written to
 * target/ui-screenshots. Without Chromium the test is skipped, except under CI (CI=true), where it fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserTest {
    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

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
        Files.createDirectories(SCREENSHOTS);

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

    @BeforeEach
    void resetBrowserState() {
        browser.get(url("/"));
        script("localStorage.clear();");
    }

    @Test
    @Order(1)
    void asksSeesTheStreamedAnswerOpensACitationRatesItAndFindsItAfterReload() {
        open("/");
        screenshot("1-welcome");
        // Count renders while the answer is streaming, to see that it arrives in pieces before it is done.
        script("window.__streamedRenders = 0; new MutationObserver(() => { if (document.querySelector('.message.streaming .answer p')) "
                + "window.__streamedRenders++; }).observe(document.getElementById('messages'), {subtree: true, childList: true});");
        WebElement question = browser.findElement(By.id("question"));
        question.sendKeys("Who developed ERNIE Bot?");
        question.sendKeys(Keys.ENTER);

        WebElement answer = waitFor(By.cssSelector(".message.assistant .citations"));
        assertThat(((Number) script("return window.__streamedRenders;")).intValue()).as("rendered while streaming").isPositive();
        WebElement body = browser.findElement(By.cssSelector(".message.assistant .answer"));
        assertThat(body.getText()).contains("Baidu");
        assertThat(browser.findElements(By.cssSelector(".message.assistant .answer a.cite"))).isNotEmpty();
        assertThat(browser.findElement(By.cssSelector(".message.user .bubble")).getText()).isEqualTo("Who developed ERNIE Bot?");
        assertThat(answer.isDisplayed()).isTrue();
        screenshot("2-answer");

        WebElement marker = browser.findElement(By.cssSelector(".message.assistant .answer a.cite[data-cite='1']"));
        marker.click();
        WebElement panel = waitFor(By.cssSelector("#source-panel:not([hidden])"));
        assertThat(browser.findElement(By.id("source-heading")).getText()).isEqualTo("Source [1]");
        String shownText = browser.findElement(By.id("source-text")).getText();
        Conversation conversation = server.store.conversations().getFirst();
        String storedCitations = server.store.messages(conversation.id()).get(1).citationsJson();
        String citedText = RunningServer.json(storedCitations).get(0).path("text").asText();
        assertThat(shownText).isNotBlank().isEqualTo(citedText.strip());
        assertThat(panel.isDisplayed()).isTrue();
        screenshot("3-citation");

        browser.findElement(By.cssSelector(".trace summary")).click();
        WebElement trace = waitFor(By.xpath("//div[contains(@class,'trace-body')]/h4[text()='Plan']"));
        assertThat(trace.isDisplayed()).isTrue();
        assertThat(browser.findElement(By.cssSelector(".trace-body")).getText()).contains("Timings").contains("Who developed ERNIE Bot?");
        screenshot("4-trace");

        browser.findElement(By.cssSelector(".rate-up")).click();
        waitForText(By.cssSelector(".feedback-status"), "Thanks");
        assertThat(browser.findElement(By.cssSelector(".rate-up")).getAttribute("aria-pressed")).isEqualTo("true");
        browser.findElement(By.cssSelector(".write-better")).click();
        WebElement better = waitFor(By.cssSelector(".feedback-form textarea"));
        assertThat(better.getAttribute("value")).as("starts from the answer").contains("Baidu");
        better.clear();
        better.sendKeys("ERNIE Bot (文心一言) is Baidu's chatbot [1].");
        screenshot("5-better-answer");
        browser.findElement(By.cssSelector(".submit-feedback")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector(".feedback-form")).isEmpty());

        String answerId = server.store.messages(conversation.id()).get(1).id();
        List<Feedback> feedback = server.store.feedback(answerId);
        assertThat(feedback).extracting(Feedback::rating).containsExactly(Rating.UP, null);
        assertThat(feedback.get(1).betterAnswer()).isEqualTo("ERNIE Bot (文心一言) is Baidu's chatbot [1].");

        browser.navigate().refresh();
        waitFor(By.cssSelector("body[data-ready='true']"));
        WebElement item = waitFor(By.cssSelector(".conversation.active .conversation-title"));
        assertThat(item.getText()).isEqualTo("Who developed ERNIE Bot?");
        assertThat(browser.findElement(By.cssSelector(".message.assistant .answer")).getText()).contains("Baidu");
        assertThat(browser.findElements(By.cssSelector(".message.assistant .citation-item"))).isNotEmpty();
        assertThat(browser.findElement(By.id("conversation-title")).getText()).isEqualTo("Who developed ERNIE Bot?");
        screenshot("6-after-reload");
    }

    @Test
    @Order(2)
    void renamesCreatesAndDeletesConversations() {
        Conversation existing = server.store.createConversation("Old name");
        open("/");
        WebElement item = waitFor(By.cssSelector(".conversation[data-id='" + existing.id() + "']"));
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(item).perform();
        item.findElement(By.cssSelector(".rename")).click();
        WebElement input = waitFor(By.cssSelector(".rename-input"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Rivers 河流", Keys.ENTER);
        waitForText(By.cssSelector(".conversation[data-id='" + existing.id() + "'] .conversation-title"), "Rivers 河流");
        assertThat(server.store.conversation(existing.id()).orElseThrow().title()).isEqualTo("Rivers 河流");

        browser.findElement(By.id("new-chat")).click();
        WebElement question = waitFor(By.id("question"));
        question.sendKeys("什么是检索增强生成？", Keys.ENTER);
        waitFor(By.cssSelector(".message.assistant .meta-line"));
        int before = server.store.conversations().size();

        item = waitFor(By.cssSelector(".conversation[data-id='" + existing.id() + "']"));
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(item).perform();
        item.findElement(By.cssSelector(".delete")).click();
        waitFor(By.cssSelector(".conversation[data-id='" + existing.id() + "'] .confirm-delete")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                d.findElements(By.cssSelector(".conversation[data-id='" + existing.id() + "']")).isEmpty());
        assertThat(server.store.conversation(existing.id())).isEmpty();
        assertThat(server.store.conversations()).hasSize(before - 1);
        screenshot("7-chinese-question");
    }

    @Test
    @Order(3)
    void showsWhatWenjinRemembersAndLetsTheUserEditAndDeleteIt() {
        open("/");
        browser.findElement(By.id("new-chat")).click();
        waitFor(By.id("question")).sendKeys("我在县医院儿科工作。", Keys.ENTER);
        waitFor(By.cssSelector(".message.assistant .meta-line"));

        browser.findElement(By.id("open-memories")).click();
        waitForText(By.cssSelector(".memory-item .memory-text"), "在县医院儿科工作");
        screenshot("9-memories");
        WebElement item = waitFor(By.cssSelector(".memory-item"));
        String id = item.getAttribute("data-id");
        item.findElement(By.cssSelector(".memory-edit")).click();
        WebElement input = waitFor(By.cssSelector(".memory-item .memory-input"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), "在县医院儿科当医生");
        browser.findElement(By.cssSelector(".memory-item .memory-save")).click();
        waitForText(By.cssSelector(".memory-item .memory-text"), "在县医院儿科当医生");
        assertThat(server.store.memories().list("default")).extracting(m -> m.text()).containsExactly("在县医院儿科当医生");

        waitFor(By.cssSelector(".memory-item[data-id='" + id + "'] .memory-delete")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector(".memory-item")).isEmpty());
        assertThat(server.store.memories().list("default")).isEmpty();
    }

    static final String HOSTILE_ANSWER = String.join("\n",
            "Plain <script>window.__xss='script'</script> text with **bold** and `<b>code</b>`.",
            "",
            "<img src=x onerror=\"window.__xss='img'\"> <svg onload=\"window.__xss='svg'\"></svg>",
            "<iframe src=\"javascript:window.__xss='iframe'\"></iframe>",
            "",
            "[click me](javascript:window.__xss='link') [data](data:text/html,<script>alert(1)</script>)",
            "![picture](x\" onerror=\"window.__xss='image') [safe](https://example.org/a?b=1) [1]",
            "",
            "```html",
            "<script>window.__xss='code'</script>",
            "```",
            "",
            "| column <b onmouseover=\"window.__xss='th'\">x</b> | b |",
            "|---|---|",
            "| <img src=x onerror=window.__xss='table'> | 2 |",
            "",
            "- item <a href=\"javascript:alert(1)\">a</a>",
            "> quote <style>body{display:none}</style>");

    @Test
    @Order(4)
    void hostileTextInAnswersSourcesTracesAndTitlesIsShownAsTextAndNeverRuns() {
        String hostile = "<img src=x onerror=\"window.__xss='source'\"><script>window.__xss='source2'</script>";
        Conversation conversation = server.store.createConversation("<b onmouseover=\"window.__xss='title'\">title</b>");
        server.store.appendMessage(conversation.id(), NewMessage.user("<script>window.__xss='question'</script>"));
        String citations = RunningServer.JSON.createArrayNode().add(RunningServer.JSON.createObjectNode()
                .put("number", 1).put("kind", "passage").put("source_id", "c-1").put("source", hostile)
                .put("title", hostile).put("text", hostile)).toString();
        String trace = RunningServer.JSON.valueToTree(Map.of("id", "t-hostile", "question", hostile,
                "rewritten_question", hostile, "plan", List.of(hostile), "passages", List.of(Map.of("number", 1, "title", hostile,
                        "text", hostile)), "prompt", hostile, "budget", List.of(hostile), "timings_millis", Map.of(hostile, 1)))
                .toString();
        server.store.appendMessage(conversation.id(),
                NewMessage.assistant(HOSTILE_ANSWER, "extractive", "<i>model</i>", "t-hostile", citations), trace);

        open("/#c=" + conversation.id());
        waitFor(By.cssSelector(".message.assistant .citations"));
        browser.findElement(By.cssSelector(".message.assistant .answer a.cite")).click();
        waitFor(By.cssSelector("#source-panel:not([hidden])"));
        browser.findElement(By.cssSelector(".trace summary")).click();
        waitFor(By.xpath("//div[contains(@class,'trace-body')]/h4[text()='Prompt']"));
        for (WebElement element : browser.findElements(By.cssSelector(".answer *, .conversation-title"))) {
            new org.openqa.selenium.interactions.Actions(browser).moveToElement(element).perform();
        }
        screenshot("8-hostile-text");

        assertThat(script("return window.__xss === undefined ? null : String(window.__xss);")).isNull();
        String untrusted = ".answer, .bubble, .citations, .trace-body, #source-panel, .conversation-title";
        assertThat(((Number) script("return [...document.querySelectorAll(arguments[0])].flatMap(area => "
                + "[...area.querySelectorAll('script, img, svg, iframe, style, object, embed, b, i')]).length;", untrusted)).intValue())
                .as("no element comes from the text").isZero();
        assertThat(((Number) script("let n = 0; for (const e of document.querySelectorAll('body *')) for (const a of e.attributes)"
                + " if (a.name.startsWith('on')) n++; return n;")).intValue()).as("no event handler attributes").isZero();
        assertThat(((Number) script("return [...document.querySelectorAll('a[href]')].filter(a => !/^(https?:|mailto:|#)/.test(a.getAttribute('href'))).length;"))
                .intValue()).as("only http(s), mailto and in-page links").isZero();

        String answerText = browser.findElement(By.cssSelector(".message.assistant .answer")).getText();
        assertThat(answerText).contains("<script>window.__xss='script'</script>").contains("<img src=x onerror=");
        assertThat(browser.findElement(By.cssSelector(".message.assistant .answer strong")).getText()).isEqualTo("bold");
        assertThat(browser.findElement(By.cssSelector(".message.assistant .answer pre code")).getText())
                .isEqualTo("<script>window.__xss='code'</script>");
        assertThat(browser.findElement(By.cssSelector(".message.assistant .answer table th")).getText()).contains("<b onmouseover");
        WebElement safeLink = browser.findElement(By.cssSelector(".message.assistant .answer a[href^='https://example.org']"));
        assertThat(safeLink.getAttribute("rel")).contains("noopener").contains("noreferrer");
        assertThat(browser.findElements(By.xpath("//div[contains(@class,'answer')]//a[text()='click me']"))).isEmpty();
        assertThat(browser.findElement(By.id("source-text")).getText()).isEqualTo(hostile);
        assertThat(browser.findElement(By.cssSelector(".trace-body pre")).getText()).isEqualTo(hostile);
        assertThat(browser.findElement(By.xpath("//div[contains(@class,'trace-body')]/h4[text()='Prompt budget']"
                + "/following-sibling::ul[1]/li")).getText()).as("the prompt budget's decisions, as text").isEqualTo(hostile);
        assertThat(browser.findElement(By.cssSelector(".message.user .bubble")).getText()).isEqualTo("<script>window.__xss='question'</script>");
        assertThat(browser.findElement(By.cssSelector(".conversation[data-id='" + conversation.id() + "'] .conversation-title")).getText())
                .isEqualTo("<b onmouseover=\"window.__xss='title'\">title</b>");
    }

    @Test
    @Order(5)
    void theRendererTurnsMarkdownIntoElementsAndMarkupIntoText() {
        open("/");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) script(
                "const box = document.createElement('div'); box.appendChild(WenjinMarkdown.render(arguments[0], {citations: new Set([1])}));"
                        + "return {html: box.innerHTML, text: box.textContent, xss: window.__xss === undefined};",
                "# Title\n\n1. one\n2. two\n   - nested\n\n> quoted *em* ~~gone~~\n\nSee [2] and [1]. snake_case_name <b>bold</b>\n\n---\n\n    indented code");
        String html = (String) result.get("html");
        assertThat(html).contains("<h1>Title</h1>").contains("<ol><li>one</li><li>two<ul><li>nested</li></ul></li></ol>")
                .contains("<blockquote><p>quoted <em>em</em> <del>gone</del></p></blockquote>")
                .contains("<a class=\"cite cite-unknown\" href=\"#\" data-cite=\"2\">[2]</a>")
                .contains("<a class=\"cite\" href=\"#\" data-cite=\"1\">[1]</a>")
                .contains("snake_case_name &lt;b&gt;bold&lt;/b&gt;")
                .contains("<hr>").contains("<pre class=\"code-block\"><code>indented code</code></pre>");
        assertThat(result.get("xss")).isEqualTo(true);
    }

    @Test
    @Order(6)
    void aServerWithKeysAsksForTheKeyAndTheBrowserRemembersIt() {
        try (RunningServer locked = new RunningServer(dataDir.resolve("locked"),
                RunningServer.config().withApiKeys(java.util.Set.of("key-for-the-browser")), DemoAssistant.extractive())) {
            locked.store.createConversation("Only with the key");
            browser.get("http://127.0.0.1:" + locked.server.port() + "/");
            script("localStorage.clear();");
            browser.navigate().refresh();
            waitFor(By.cssSelector("body[data-ready='true']"));
            assertThat(browser.findElement(By.id("key-hint")).getText()).contains("needs an API key");
            assertThat(browser.findElements(By.cssSelector(".conversation"))).isEmpty();

            browser.findElement(By.id("api-key")).sendKeys("key-for-the-browser", Keys.ENTER);
            waitForText(By.cssSelector(".conversation .conversation-title"), "Only with the key");
            browser.navigate().refresh();
            waitFor(By.cssSelector("body[data-ready='true']"));
            waitForText(By.cssSelector(".conversation .conversation-title"), "Only with the key");
            assertThat(script("return localStorage.getItem('wenjin.apiKey');")).isEqualTo("key-for-the-browser");
        }
    }

    @Test
    @Order(7)
    void aQuestionThatAsksForAPosterGetsOneWithItsAnswerWithoutAClick() {
        Conversation conversation = server.store.createConversation("Poster on request");
        open("/#c=" + conversation.id());
        WebElement question = waitFor(By.id("question"));
        question.sendKeys("Who developed ERNIE Bot? Make a poster of it.");
        question.sendKeys(Keys.ENTER);

        WebElement poster = new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
            List<WebElement> images = d.findElements(By.cssSelector(".message.assistant img.media-poster"));
            return images.isEmpty() ? null : images.getFirst();
        });
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                (Boolean) script("return arguments[0].complete;", poster));
        assertThat(((Number) script("return arguments[0].naturalWidth;", poster)).intValue()).isEqualTo(1080);
        assertThat(browser.findElements(By.cssSelector(".message.assistant audio.media-audio")))
                .as("only what was asked for starts").isEmpty();
    }

    @Test
    @Order(7)
    void makesAPosterOfAnAnswerAndReadsItAloudInline() {
        MediaPrograms.require("espeak-ng");
        Conversation conversation = server.store.createConversation("Media");
        server.store.appendMessage(conversation.id(), NewMessage.user("What is Wenjin?"));
        server.store.appendMessage(conversation.id(), NewMessage.assistant("Wenjin answers questions from its "
                + "knowledge graph [1]. It can read answers aloud. It makes posters and videos too.", "extractive",
                "wenjin-extractive", null, "[]"));
        open("/#c=" + conversation.id());

        waitFor(By.cssSelector(".message.assistant .make-poster")).click();
        WebElement poster = waitFor(By.cssSelector(".message.assistant img.media-poster"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                (Boolean) script("return arguments[0].complete;", poster));
        assertThat(((Number) script("return arguments[0].naturalWidth;", poster)).intValue()).isEqualTo(1080);
        assertThat(((Number) script("return arguments[0].naturalHeight;", poster)).intValue()).isEqualTo(1440);
        WebElement download = browser.findElement(By.cssSelector(".message.assistant .make-poster a.media-download"));
        assertThat(download.getAttribute("download")).isEqualTo("wenjin-poster.png");
        assertThat(download.getAttribute("href")).startsWith("blob:");

        browser.findElement(By.cssSelector(".message.assistant .read-aloud")).click();
        WebElement audio = waitFor(By.cssSelector(".message.assistant audio.media-audio"));
        assertThat(audio.getAttribute("src")).startsWith("blob:");
        // Loaded far enough to know its length: the browser decoded the WAV the server made.
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                ((Number) script("return arguments[0].readyState;", audio)).intValue() >= 1);
        assertThat(((Number) script("return arguments[0].duration;", audio)).doubleValue()).isGreaterThan(2.0);
        assertThat(browser.findElements(By.cssSelector(".media-error"))).isEmpty();
        screenshot("10-poster-and-speech");
    }

    @Test
    @Order(8)
    void makesAVideoOfAnAnswerShowingItsProgressThenPlaysItInline() {
        MediaPrograms.require("espeak-ng", "ffmpeg");
        Conversation conversation = server.store.createConversation("Video");
        server.store.appendMessage(conversation.id(), NewMessage.user("什么是问津？"));
        server.store.appendMessage(conversation.id(), NewMessage.assistant("问津回答问题。它也能生成视频。",
                "extractive", "wenjin-extractive", null, "[]"));
        open("/#c=" + conversation.id());

        waitFor(By.cssSelector(".message.assistant .make-video")).click();
        waitFor(By.cssSelector(".message.assistant .make-video progress.media-progress"));
        WebElement video = new WebDriverWait(browser, Duration.ofSeconds(120)).until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(".message.assistant video.media-video"));
            if (!d.findElements(By.cssSelector(".media-error")).isEmpty()) {
                throw new AssertionError(d.findElement(By.cssSelector(".media-error")).getText());
            }
            return found.isEmpty() ? null : found.getFirst();
        });
        assertThat(video.getAttribute("src")).startsWith("blob:");
        assertThat(browser.findElement(By.cssSelector(".make-video .media-status")).getText()).matches("(Done|完成) · [0-9.]+ s");
        assertThat(browser.findElement(By.cssSelector(".make-video a.media-download")).getAttribute("download"))
                .isEqualTo("wenjin-video.mp4");
        if (!"".equals(script("return arguments[0].canPlayType('video/mp4; codecs=\"avc1.64001F, mp4a.40.2\"');", video))) {
            // This Chromium plays H.264: the browser read the MP4's header.
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                    ((Number) script("return arguments[0].readyState;", video)).intValue() >= 1);
            assertThat(((Number) script("return arguments[0].videoWidth;", video)).intValue()).isEqualTo(1280);
            assertThat(((Number) script("return arguments[0].duration;", video)).doubleValue()).isGreaterThan(1.0);
        }
        screenshot("11-video");
    }

    // ----

    static String url(String path) {
        return "http://127.0.0.1:" + server.server.port() + path;
    }

    static void open(String path) {
        browser.get("about:blank");  // a change of only the #fragment would not load the page again
        browser.get(url(path));
        waitFor(By.cssSelector("body[data-ready='true']"));
    }

    static Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(code, args);
    }

    static WebElement waitFor(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            List<WebElement> found = d.findElements(locator);
            return found.isEmpty() ? null : found.getFirst();
        });
    }

    static void waitForText(By locator, String text) {
        // A list drawn again while it is read leaves stale elements behind: read it again.
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
                d.findElements(locator).stream().anyMatch(e -> e.getText().contains(text)));
    }

    static void screenshot(String name) {
        File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(file.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
