package org.wenjin.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import org.wenjin.server.chat.WireFormat;
import org.wenjin.store.StoredMessage;

/** A stored message as the API shows it: the citations as JSON rather than as text. */
record MessageView(String id, String conversationId, String role, String content, String mode, String model,
                   String traceId, JsonNode citations, Instant createdAt) {

    static MessageView of(StoredMessage message) {
        JsonNode citations = message.citationsJson() == null
                ? JsonNodeFactory.instance.arrayNode() : WireFormat.parse(message.citationsJson());
        return new MessageView(message.id(), message.conversationId(), message.role(), message.content(),
                message.mode(), message.model(), message.traceId(), citations, message.createdAt());
    }
}
