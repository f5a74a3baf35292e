package org.wenjin.media.poster;

/** How the poster's background is filled. */
public enum BackgroundStyle {
    /** One flat colour. */
    SOLID,
    /** Top to bottom from the background colour to a darker shade of it. */
    GRADIENT,
    /** The background colour under a faint grid of accent-coloured lines. */
    GRID,
    /**
     * A picture from an image-generation server under a veil of the gradient, so the text stays readable; the
     * gradient alone when no server is configured or it fails ({@link GeneratedBackground}).
     */
    IMAGE
}
