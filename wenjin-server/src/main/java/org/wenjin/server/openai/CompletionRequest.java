package org.wenjin.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.wenjin.assistant.Question;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.Role;
import org.wenjin.server.http.ApiError;
import org.wenjin.server.http.Fields;
import org.wenjin.server.http.JsonBody;
import org.wenjin.server.http.SamplingFields;

/**
 * A {@code POST /v1/chat/completions} request (https://platform.openai.com/docs/api-reference/chat/create)
 * turned into a Wenjin question: the last message, which must be the user's, is the question; the messages
 * before it are the history. Fields Wenjin does not use are ignored, as OpenAI-compatible servers do.
 */
record CompletionRequest(String model, Question question, boolean stream) {

    static CompletionRequest parse(JsonNode body) {
        Fields fields = Fields.of(body);
        String model = fields.requiredString("model");
        boolean stream = Boolean.TRUE.equals(fields.optionalBoolean("stream"));
        Long n = fields.optionalInteger("n");
        if (n != null && n != 1) {
            throw ApiError.badField("n", "'n' must be 1: Wenjin gives one answer per request, not " + n);
        }
        List<ChatMessage> messages = messages(fields);
        ChatMessage last = messages.getLast();
        if (last.role() != Role.USER) {
            String path = "messages[" + (messages.size() - 1) + "].role";
            throw ApiError.badField(path, "'" + path + "' is '" + last.role().wireName()
                    + "', but the last message must be the user's question");
        }
        if (last.content().isBlank()) {
            String path = "messages[" + (messages.size() - 1) + "].content";
            throw ApiError.badField(path, "'" + path + "' is empty; the last message is the question");
        }
        Question question = new Question(last.content(), messages.subList(0, messages.size() - 1),
                SamplingFields.parse(fields));
        return new CompletionRequest(model, question, stream);
    }

    private static List<ChatMessage> messages(Fields fields) {
        JsonNode array = fields.node("messages");
        if (array == null || array.isNull()) {
            throw ApiError.badField("messages", "'messages' is required");
        }
        if (!array.isArray()) {
            throw fields.wrongType("messages", "an array of messages", array);
        }
        if (array.isEmpty()) {
            throw ApiError.badField("messages", "'messages' must hold at least one message");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "messages[" + i + "]";
            JsonNode item = array.get(i);
            if (!item.isObject()) {
                throw ApiError.badField(path, "'" + path + "' must be an object, not " + JsonBody.describe(item));
            }
            Fields message = Fields.of(item, path);
            Role role = role(message.requiredString("role"), path + ".role");
            messages.add(new ChatMessage(role, content(message, role)));
        }
        return messages;
    }

    private static Role role(String name, String path) {
        return switch (name) {
            case "system", "developer" -> Role.SYSTEM;
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            case "tool", "function" -> throw ApiError.badField(path, "'" + path + "' is '" + name
                    + "': tool and function messages are not supported");
            default -> throw ApiError.badField(path, "'" + path + "' must be system, developer, user or assistant, not '"
                    + name + "'");
        };
    }

    /** A string, or an array of content parts of which only {@code text} parts are supported. */
    private static String content(Fields message, Role role) {
        JsonNode content = message.node("content");
        String path = message.path("content");
        if (content == null || content.isNull()) {
            if (role == Role.ASSISTANT) {
                return "";  // an assistant turn that only called tools
            }
            throw ApiError.badField(path, "'" + path + "' is required");
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw message.wrongType("content", "a string or an array of content parts", content);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            String partPath = path + "[" + i + "]";
            JsonNode part = content.get(i);
            if (!part.isObject()) {
                throw ApiError.badField(partPath, "'" + partPath + "' must be an object, not " + JsonBody.describe(part));
            }
            Fields fields = Fields.of(part, partPath);
            String type = fields.requiredString("type");
            if (!type.equals("text")) {
                throw ApiError.badField(partPath + ".type", "'" + partPath + ".type' is '" + type
                        + "': only text content is supported");
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(fields.requiredString("text"));
        }
        return text.toString();
    }
}
