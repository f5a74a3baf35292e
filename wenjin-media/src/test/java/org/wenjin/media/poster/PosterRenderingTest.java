package org.wenjin.media.poster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.wenjin.media.MediaException;

class PosterRenderingTest {
    private static final PosterSpec CONFERENCE = PosterSpec.of("2026 智能交通大会", "车路协同 · 自动驾驶 · 城市大脑",
            List.of("主题演讲：城市交通的数字孪生", "圆桌论坛：自动驾驶何时上路？", "展览：新一代信号控制系统"),
            "2026年5月12日 · 北京");

    private PosterComposer composer;

    @BeforeEach
    void chineseFontInstalled() {
        String family;
        try {
            family = CjkFont.family();
        } catch (MediaException e) {
            family = null;
        }
        assumeTrue(family != null, "no Chinese font installed (apt-get install fonts-noto-cjk)");
        composer = new PosterComposer(family);
    }

    @Test
    void findsAChineseFontByFamilyName() {
        assertThat(CjkFont.PREFERRED).contains(CjkFont.family());
    }

    @ParameterizedTest
    @EnumSource(PosterTemplate.class)
    void writesAPngOfTheRequestedSizeWithTheTitleDrawn(PosterTemplate template, @TempDir Path dir) throws IOException {
        PosterSpec spec = CONFERENCE.withTemplate(template).withBackground(BackgroundStyle.SOLID);
        PosterLayout layout = composer.compose(spec);
        Path file = dir.resolve("poster.png");
        PosterPainter.writePng(layout, file);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(1080);
        assertThat(image.getHeight()).isEqualTo(1440);

        PosterLayout.TextLine title = layout.linesOf("title").getFirst();
        int titleBackground = template == PosterTemplate.BANNER
                ? spec.colors().accentColor().getRGB() : spec.colors().backgroundColor().getRGB();
        int inTitle = differingPixels(image, (int) title.x(), (int) (title.baseline() - title.size()),
                (int) (title.size() * 6), (int) title.size(), titleBackground);
        assertThat(inTitle).as("title pixels that differ from the background").isGreaterThan(500);

        int corner = differingPixels(image, 0, image.getHeight() - 20, 20, 20, spec.colors().backgroundColor().getRGB());
        assertThat(corner).as("the solid background in the corner").isZero();
    }

    @Test
    void wrapsALongChineseTitleWithoutStartingALineWithPunctuation() {
        PosterSpec spec = PosterSpec.of("关于推进城市智能交通系统建设、车路协同试点和自动驾驶示范区发展的全国大会，欢迎参加！",
                null, List.of(), null);
        for (PosterTemplate template : PosterTemplate.values()) {
            List<PosterLayout.TextLine> title = composer.compose(spec.withTemplate(template)).linesOf("title");
            assertThat(title).hasSizeBetween(2, 3);
            assertThat(title.stream().map(PosterLayout.TextLine::text).reduce("", String::concat)).isEqualTo(spec.title());
            assertThat(title).allSatisfy(line -> {
                assertThat(LineBreaker.NO_LINE_START.indexOf(line.text().charAt(0))).as(line.text()).isNegative();
                assertThat(line.x()).isGreaterThanOrEqualTo(0);
            });
        }
    }

    @Test
    void everyLineStaysInsideTheMargins() {
        for (PosterTemplate template : PosterTemplate.values()) {
            PosterLayout layout = composer.compose(CONFERENCE.withTemplate(template));
            double margin = layout.width() * 0.08;
            FontRenderContext rendering = new FontRenderContext(new AffineTransform(), true, true);
            for (PosterLayout.TextLine line : layout.lines()) {
                Font font = new Font(layout.fontFamily(), line.bold() ? Font.BOLD : Font.PLAIN, 1).deriveFont(line.size());
                double right = line.x() + font.getStringBounds(line.text(), rendering).getWidth();
                assertThat(line.x()).as(line.text()).isGreaterThanOrEqualTo(margin - 1);
                assertThat(right).as(line.text()).isLessThanOrEqualTo(layout.width() - margin + 1);
                assertThat(line.baseline()).as(line.text()).isLessThanOrEqualTo(layout.height() - margin + 1);
            }
        }
    }

    @Test
    void writesTheSameLayoutAsSvgWithTheTextKept() throws Exception {
        PosterLayout layout = composer.compose(CONFERENCE.withBackground(BackgroundStyle.GRID));
        String svg = PosterSvg.write(layout);
        Document document = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getAttribute("width")).isEqualTo("1080");
        assertThat(document.getElementsByTagName("text").getLength()).isEqualTo(layout.lines().size());
        assertThat(document.getElementsByTagName("text").item(0).getTextContent()).isEqualTo("2026 智能交通大会");
        assertThat(document.getElementsByTagName("rect").getLength()).isEqualTo(layout.shapes().size() + 1);
    }

    private static int differingPixels(BufferedImage image, int x0, int y0, int width, int height, int background) {
        int count = 0;
        for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y0 + height); y++) {
            for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x0 + width); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != (background & 0xFFFFFF)) {
                    count++;
                }
            }
        }
        return count;
    }
}
