package org.wenjin.media.poster;

import org.wenjin.media.MediaException;

/**
 * Puts a generated picture under a poster whose spec asks for {@link BackgroundStyle#IMAGE}. The poster never
 * fails for want of a picture: without an image server, or when it fails, the poster keeps its gradient and the
 * outcome says why.
 */
public final class GeneratedBackground {
    private final ImageGenerator generator;

    /** @param generator the image server, or null when none is configured */
    public GeneratedBackground(ImageGenerator generator) {
        this.generator = generator;
    }

    /**
     * The layout and, when the picture could not be had, why.
     *
     * @param warning null when the poster has what its spec asked for
     */
    public record Outcome(PosterLayout layout, String warning) {
    }

    public Outcome apply(PosterSpec spec, PosterLayout layout) {
        if (spec.background() != BackgroundStyle.IMAGE) {
            return new Outcome(layout, null);
        }
        if (generator == null) {
            return new Outcome(layout, "poster.background 'image' needs an image server (set image-base-url); "
                    + "the gradient is used instead");
        }
        try {
            return new Outcome(layout.withPicture(generator.generate(prompt(spec))), null);
        } catch (MediaException e) {
            return new Outcome(layout, "no background picture, so the gradient is used instead: " + e.getMessage());
        }
    }

    /** What to paint: the poster's subject, and no lettering, since the poster's own text goes on top. */
    static String prompt(PosterSpec spec) {
        StringBuilder prompt = new StringBuilder("A background illustration for a poster about: ").append(spec.title());
        if (spec.subtitle() != null) {
            prompt.append(" — ").append(spec.subtitle());
        }
        if (!spec.points().isEmpty()) {
            prompt.append(". Themes: ").append(String.join("; ", spec.points()));
        }
        return prompt.append(". No text, letters or words anywhere; calm and uncluttered, with room for a headline.")
                .toString();
    }
}
