package org.wenjin.media.poster;

/** Where the parts of a poster go. */
public enum PosterTemplate {
    /** Title and subtitle centred in the upper third, an accent rule, the key points below, the date at the foot. */
    CENTERED,
    /** The title left-aligned on an accent-coloured band across the top, bulleted points, the date bottom right. */
    BANNER
}
