package org.wenjin.model;

/**
 * A model that continues a conversation, streaming its reply. Two real implementations: the local
 * GGUF engine and a remote OpenAI-compatible server.
 */
public interface ChatModel extends AutoCloseable {

    /** The name clients use to address this model (the OpenAI {@code model} field). */
    String name();

    /** How many tokens of prompt plus reply the model can attend to. */
    int contextLength();

    /** An estimate of how many tokens the text takes in this model (exact when the tokenizer is local). */
    int countTokens(String text);

    /**
     * Generates the next assistant turn, calling {@code sink} with each piece of text as it is produced.
     * Returns when the reply is complete, the token limit is reached or {@code cancellation} fires.
     */
    ChatResult chat(ChatRequest request, TokenSink sink, Cancellation cancellation);

    @Override
    default void close() {
    }
}
