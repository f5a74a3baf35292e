package org.wenjin.assistant.clarify;

import org.wenjin.assistant.rewrite.Rewrite;

/**
 * The user's answer to a clarifying question: the sense chosen, and the question they first asked,
 * rewritten to name that sense unambiguously.
 */
public record Choice(Sense sense, Rewrite rewrite) {
}
