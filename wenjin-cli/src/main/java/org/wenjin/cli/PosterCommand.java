package org.wenjin.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.wenjin.cli.config.ImageSettings;
import org.wenjin.cli.config.SettingsResolver;
import org.wenjin.media.MediaException;
import org.wenjin.media.poster.BackgroundStyle;
import org.wenjin.media.poster.GeneratedBackground;
import org.wenjin.media.poster.PosterComposer;
import org.wenjin.media.poster.PosterLayout;
import org.wenjin.media.poster.PosterPainter;
import org.wenjin.media.poster.PosterSpec;
import org.wenjin.media.poster.PosterSvg;
import org.wenjin.media.poster.PosterTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wenjin poster --title T [--subtitle S] [--points "a;b;c"] -o out.png}: a poster as PNG or SVG. */
@Command(name = "poster", mixinStandardHelpOptions = true,
        description = "Render a poster (PNG or SVG, by the output's extension) from a title and key points, or from a JSON layout spec.")
final class PosterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--title", paramLabel = "TEXT", description = "The title (required unless --spec is given).")
    String title;

    @Option(names = "--subtitle", paramLabel = "TEXT")
    String subtitle;

    @Option(names = "--points", paramLabel = "a;b;c", description = "Key points separated by ';' or '；'.")
    String points;

    @Option(names = "--date", paramLabel = "TEXT", description = "A date line, as written (e.g. 2026年5月12日 · 北京).")
    String date;

    @Option(names = "--template", paramLabel = "centered|banner", description = "Layout template (default: centered).")
    String template;

    @Option(names = "--background", paramLabel = "solid|gradient|grid|image",
            description = "Background style (default: gradient); image: a picture from the image server under the gradient.")
    String background;

    @Option(names = "--spec", paramLabel = "FILE.json", description = "A JSON layout spec instead of the options above.")
    Path specFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "out.png or out.svg.")
    Path output;

    @Option(names = "--image-base-url", paramLabel = "URL",
            description = "For --background image: an OpenAI-compatible POST /v1/images/generations server that paints "
                    + "the picture (env WENJIN_IMAGE_BASE_URL, WENJIN_IMAGE_API_KEY, WENJIN_IMAGE_MODEL; wenjin.yaml image-base-url).")
    String imageBaseUrl;

    @Override
    public Integer call() throws Exception {
        PosterSpec poster = specFile != null ? PosterSpec.fromJson(Files.readString(specFile)) : fromOptions();
        PosterLayout layout = new PosterComposer().compose(poster);
        if (poster.background() == BackgroundStyle.IMAGE) {
            ImageSettings images = SettingsResolver.fromSystem().resolve(SettingsResolver.Flags.none()).images();
            GeneratedBackground.Outcome outcome = new GeneratedBackground(
                    (imageBaseUrl != null ? images.withBaseUrl(imageBaseUrl) : images).generator()).apply(poster, layout);
            layout = outcome.layout();
            if (outcome.warning() != null) {
                spec.commandLine().getErr().println("warning: " + outcome.warning());
            }
        }
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            Files.writeString(output, PosterSvg.write(layout));
        } else if (name.endsWith(".png")) {
            PosterPainter.writePng(layout, output);
        } else {
            throw new MediaException("-o " + output + ": name the poster *.png or *.svg");
        }
        spec.commandLine().getOut().printf("wrote %s: %d×%d, template %s, %d title line(s)%n", output,
                layout.width(), layout.height(), poster.template().name().toLowerCase(Locale.ROOT),
                layout.linesOf("title").size());
        return 0;
    }

    private PosterSpec fromOptions() {
        if (title == null) {
            throw new MediaException("--title is required (or give a layout spec with --spec FILE.json)");
        }
        List<String> pointList = points == null ? List.of()
                : Arrays.stream(points.split("[;；]")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        PosterSpec plain = PosterSpec.of(title, subtitle, pointList, date);
        return new PosterSpec(plain.title(), plain.subtitle(), plain.points(), plain.date(), plain.colors(),
                option("--background", background, BackgroundStyle.class),
                option("--template", template, PosterTemplate.class), 0, 0);
    }

    private static <E extends Enum<E>> E option(String name, String value, Class<E> type) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MediaException(name + " " + value + ": use one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }
}
