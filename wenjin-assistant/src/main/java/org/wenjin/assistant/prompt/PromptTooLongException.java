package org.wenjin.assistant.prompt;

/** The question alone does not fit in the model's context (after reserving room for the reply). */
public final class PromptTooLongException extends IllegalArgumentException {
    public PromptTooLongException(int questionTokens, int availableTokens) {
        super("the question takes about " + questionTokens + " tokens but the model's context leaves room for "
                + availableTokens + " tokens of prompt; shorten the question or lower max_tokens");
    }
}
