package org.wenjin.train.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.Role;

/**
 * Reads fine-tuning examples from a JSONL file, one JSON object a line, in any of the three shapes of
 * {@link SftExample}: {@code {"messages": [{"role": ..., "content": ...}, ...]}} (roles system, user and
 * assistant; content a string or OpenAI's list of parts {@code [{"type": "text", "text": ...}]}),
 * {@code {"prompt": ..., "completion": ...}} or {@code {"text": ...}}. Other fields are ignored.
 *
 * <p>The file is streamed: one line is held at a time, and its SHA-256 is taken from the same bytes. Blank
 * lines are skipped. A bad record (invalid JSON or UTF-8, none of the shapes, a field of the wrong type,
 * empty content, an unknown role, a chat without an assistant turn) is left out and reported with its line;
 * a file without a single usable record is an error.
 */
public final class SftJsonlReader {
    /** How many problems the message of a failure lists; the exception carries all of them. */
    static final int PROBLEMS_IN_MESSAGE = 5;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private SftJsonlReader() {
    }

    /**
     * The examples of a file, in file order, with the records that were left out.
     *
     * @throws SftDataException if the file is missing or unreadable, or has no usable record
     */
    public static SftFile read(Path file) {
        List<SftExample> examples = new ArrayList<>();
        List<DataProblem> problems = new ArrayList<>();
        MessageDigest sha256 = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            int lineNumber = 0;
            for (int n; (n = in.read(buffer)) != -1; ) {
                sha256.update(buffer, 0, n);
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line.write(buffer, start, i - start);
                        accept(line.toByteArray(), file, ++lineNumber, examples, problems);
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(buffer, start, n - start);
            }
            if (line.size() > 0) {
                accept(line.toByteArray(), file, ++lineNumber, examples, problems);
            }
        } catch (NoSuchFileException e) {
            throw new SftDataException("no such training data file: " + file, e);
        } catch (IOException e) {
            throw new SftDataException("cannot read the training data file " + file + ": " + e.getMessage(), e);
        }
        if (examples.isEmpty()) {
            throw new SftDataException(noUsableRecord(file, problems), problems);
        }
        DataSource source = new DataSource(file, DataSource.hex(sha256.digest()), examples.size(), problems.size());
        return new SftFile(source, examples, problems);
    }

    private static void accept(byte[] bytes, Path file, int lineNumber, List<SftExample> examples,
                               List<DataProblem> problems) {
        String origin = file + ":" + lineNumber;
        try {
            String line = decode(bytes, lineNumber == 1);
            if (!line.isBlank()) {
                examples.add(parse(line, origin));
            }
        } catch (BadRecord e) {
            problems.add(new DataProblem(origin, e.getMessage()));
        }
    }

    /** One line's text; a Windows line end and, on the first line, a byte order mark are not part of it. */
    private static String decode(byte[] bytes, boolean firstLine) throws BadRecord {
        int from = firstLine && startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
        int to = bytes.length > from && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRecord("not valid UTF-8");
        }
    }

    /**
     * The example one JSONL record describes.
     *
     * @throws BadRecord saying what is wrong with it
     */
    static SftExample parse(String line, String origin) throws BadRecord {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BadRecord("invalid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRecord("expected a JSON object, found " + kind(root));
        }
        boolean chat = root.has("messages");
        boolean completion = root.has("prompt") || root.has("completion");
        boolean text = root.has("text");
        int shapes = (chat ? 1 : 0) + (completion ? 1 : 0) + (text ? 1 : 0);
        if (shapes == 0) {
            throw new BadRecord("none of the shapes {\"messages\": [...]}, {\"prompt\", \"completion\"} or {\"text\"}");
        }
        if (shapes > 1) {
            throw new BadRecord("fields of more than one shape (messages, prompt/completion, text); use one");
        }
        if (chat) {
            return new SftExample.Chat(messages(root.get("messages")), origin);
        }
        if (completion) {
            String prompt = string(root, "prompt");
            String answer = string(root, "completion");
            // An empty prompt is allowed (the completion is then trained from the start); an empty completion
            // would train nothing.
            requireContent(answer, "completion");
            return new SftExample.Completion(prompt, answer, origin);
        }
        String plain = string(root, "text");
        requireContent(plain, "text");
        return new SftExample.Text(plain, origin);
    }

    private static List<ChatMessage> messages(JsonNode messages) throws BadRecord {
        if (!messages.isArray()) {
            throw new BadRecord("\"messages\" must be an array, found " + kind(messages));
        }
        if (messages.isEmpty()) {
            throw new BadRecord("\"messages\" is empty");
        }
        List<ChatMessage> result = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String which = "message " + (i + 1);
            if (!message.isObject()) {
                throw new BadRecord(which + " must be an object, found " + kind(message));
            }
            JsonNode roleNode = message.get("role");
            if (roleNode == null || !roleNode.isTextual()) {
                throw new BadRecord(which + ": \"role\" must be a string, found " + kind(roleNode));
            }
            Role role;
            try {
                role = Role.fromWireName(roleNode.textValue());
            } catch (IllegalArgumentException e) {
                throw new BadRecord(which + ": " + e.getMessage());
            }
            String content = content(message.get("content"), which);
            if (content.isBlank()) {
                throw new BadRecord(which + " (" + role.wireName() + ") has empty content");
            }
            result.add(new ChatMessage(role, content));
        }
        if (result.stream().noneMatch(m -> m.role() == Role.ASSISTANT)) {
            throw new BadRecord("no assistant turn to train on");
        }
        return result;
    }

    /**
     * A message's text: a string, or OpenAI's list of content parts, whose text parts are joined by line
     * breaks as vLLM and the OpenAI-compatible servers join them.
     */
    private static String content(JsonNode content, String which) throws BadRecord {
        if (content != null && content.isTextual()) {
            return content.textValue();
        }
        if (content == null || !content.isArray()) {
            throw new BadRecord(which + ": \"content\" must be a string or a list of text parts, found " + kind(content));
        }
        List<String> texts = new ArrayList<>();
        for (int k = 0; k < content.size(); k++) {
            JsonNode part = content.get(k);
            String where = which + ", content part " + (k + 1);
            if (!part.isObject()) {
                throw new BadRecord(where + " must be an object, found " + kind(part));
            }
            JsonNode type = part.get("type");
            if (type == null || !type.isTextual() || !type.textValue().equals("text")) {
                throw new BadRecord(where + " has type " + (type == null ? "(none)" : type.toString())
                        + "; only \"text\" parts can be trained");
            }
            JsonNode text = part.get("text");
            if (text == null || !text.isTextual()) {
                throw new BadRecord(where + ": \"text\" must be a string, found " + kind(text));
            }
            texts.add(text.textValue());
        }
        return String.join("\n", texts);
    }

    private static String string(JsonNode root, String field) throws BadRecord {
        JsonNode value = root.get(field);
        if (value == null) {
            throw new BadRecord("\"" + field + "\" is missing");
        }
        if (!value.isTextual()) {
            throw new BadRecord("\"" + field + "\" must be a string, found " + kind(value));
        }
        return value.textValue();
    }

    private static void requireContent(String value, String field) throws BadRecord {
        if (value.isBlank()) {
            throw new BadRecord("\"" + field + "\" is empty");
        }
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String noUsableRecord(Path file, List<DataProblem> problems) {
        if (problems.isEmpty()) {
            return "no usable record in " + file + ": the file has no records";
        }
        String first = problems.stream().limit(PROBLEMS_IN_MESSAGE).map(DataProblem::toString)
                .collect(Collectors.joining("\n  ", "\n  ", ""));
        String more = problems.size() > PROBLEMS_IN_MESSAGE
                ? "\n  ... and " + (problems.size() - PROBLEMS_IN_MESSAGE) + " more" : "";
        return "no usable record in " + file + " (" + problems.size() + " bad): " + first + more;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A record that cannot be used, with the reason as its message. */
    static final class BadRecord extends Exception {
        BadRecord(String reason) {
            super(reason, null, false, false);
        }
    }
}
