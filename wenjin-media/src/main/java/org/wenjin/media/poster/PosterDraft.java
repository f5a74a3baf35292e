package org.wenjin.media.poster;

/**
 * A poster spec and where it came from.
 *
 * @param fromModel whether the model wrote it; false when the template made it from the text
 * @param problem   why the model's spec was not used, or null
 */
public record PosterDraft(PosterSpec spec, boolean fromModel, String problem) {
}
