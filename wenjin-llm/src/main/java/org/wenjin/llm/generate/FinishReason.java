package org.wenjin.llm.generate;

/** Why a generation ended. */
public enum FinishReason {
    /** An end-of-generation token was sampled or a stop string appeared. */
    STOP,
    /** The token limit was reached: the request's maximum or the session's context. */
    LENGTH,
    /** The caller's cancellation signal was seen between two tokens. */
    CANCELLED
}
