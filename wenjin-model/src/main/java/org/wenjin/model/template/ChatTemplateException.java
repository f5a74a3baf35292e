package org.wenjin.model.template;

/**
 * A chat template could not be rendered: a syntax error, an error while evaluating it (with its line),
 * or the template rejected the conversation itself with {@code raise_exception(...)}, as templates do
 * for roles out of order.
 */
public final class ChatTemplateException extends RuntimeException {

    public ChatTemplateException(String message) {
        super(message);
    }

    public ChatTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
