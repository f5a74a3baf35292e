package org.wenjin.media.poster;

import java.util.ArrayList;
import java.util.List;
import org.wenjin.media.MediaException;
import org.wenjin.media.speech.SpeechSegmenter;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.ChatModel;
import org.wenjin.model.ChatRequest;
import org.wenjin.model.ChatResult;
import org.wenjin.model.GenerationOptions;

/**
 * Turns an answer into a poster spec: the model writes the spec as JSON, which is validated; a spec that fails
 * validation goes back to the model once with the error, and if it still fails, the model writes no JSON at
 * all, or there is no model, the
 * template makes one from the text itself (the first sentence as title, the next ones as key points).
 */
public final class PosterDesigner {
    private static final int TEMPLATE_TITLE = 30;
    private static final int TEMPLATE_POINTS = 4;
    private static final int TEMPLATE_POINT = 60;
    private static final String INSTRUCTIONS = """
            Design a poster for the text the user gives. Reply with one JSON object and nothing else:
            {"title": "at most 60 characters", "subtitle": "optional, at most 120", "points": ["2 to 5 key points, each at most 100 characters"],
             "date": "optional", "colors": {"background": "#RRGGBB", "text": "#RRGGBB", "accent": "#RRGGBB"},
             "background": "solid|gradient|grid", "template": "centered|banner"}
            Write in the language of the text. The text colour must contrast with the background.""";

    private final ChatModel model;

    /** Without a model: every poster comes from the template. */
    public PosterDesigner() {
        this(null);
    }

    public PosterDesigner(ChatModel model) {
        this.model = model;
    }

    public PosterDraft design(String answer) {
        if (answer == null || answer.isBlank()) {
            throw new MediaException("nothing to make a poster of: the text is empty");
        }
        if (model == null) {
            return new PosterDraft(fromText(answer), false, null);
        }
        List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.system(INSTRUCTIONS), ChatMessage.user(answer)));
        String problem = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            String reply;
            try {
                ChatResult result = model.chat(new ChatRequest(messages, GenerationOptions.DEFAULTS.withTemperature(0.2)),
                        text -> { }, new Cancellation());
                reply = result.text();
            } catch (RuntimeException e) {
                problem = "the model failed: " + e.getMessage();
                break;
            }
            if (reply.indexOf('{') < 0) {
                // No attempt at JSON at all: this model does not follow the format, and asking again will not help.
                problem = "the model's reply holds no JSON object";
                break;
            }
            try {
                return new PosterDraft(PosterSpec.fromJson(jsonIn(reply)), true, null);
            } catch (MediaException e) {
                problem = e.getMessage();
                messages.add(ChatMessage.assistant(reply));
                messages.add(ChatMessage.user("That spec is not valid: " + problem + ". Reply with the corrected JSON only."));
            }
        }
        return new PosterDraft(fromText(answer), false, problem);
    }

    /** The template: the first sentence as title, the next few as key points, the default look. */
    public static PosterSpec fromText(String text) {
        List<String> sentences = SpeechSegmenter.sentences(text);
        if (sentences.isEmpty()) {
            throw new MediaException("nothing to make a poster of: the text has no sentences");
        }
        String title = shorten(sentences.getFirst().replaceAll("[。！？；.!?;…]+$", ""), TEMPLATE_TITLE);
        List<String> points = sentences.stream().skip(1).limit(TEMPLATE_POINTS)
                .map(sentence -> shorten(sentence, TEMPLATE_POINT)).toList();
        return PosterSpec.of(title, null, points, null);
    }

    /** The JSON object in a model's reply, which may wrap it in a ```json fence or a sentence or two. */
    static String jsonIn(String reply) {
        int start = reply.indexOf('{');
        int end = reply.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new MediaException("poster: the reply holds no JSON object");
        }
        return reply.substring(start, end + 1);
    }

    private static String shorten(String text, int max) {
        return text.codePointCount(0, text.length()) <= max ? text
                : text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }
}
