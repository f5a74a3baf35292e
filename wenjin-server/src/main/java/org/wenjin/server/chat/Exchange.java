package org.wenjin.server.chat;

import org.wenjin.assistant.Answer;
import org.wenjin.store.StoredMessage;

/** One turn of a conversation as stored: the user's message, the answer, and the answer as the pipeline made it. */
public record Exchange(StoredMessage question, StoredMessage answer, Answer result) {
}
