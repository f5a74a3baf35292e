package org.wenjin.assistant.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.wenjin.assistant.Language;
import org.wenjin.assistant.clarify.Ambiguity;
import org.wenjin.assistant.clarify.Sense;
import org.wenjin.assistant.prompt.FewShotPrompt;
import org.wenjin.assistant.prompt.PromptTooLongException;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatModel;
import org.wenjin.model.ChatRequest;
import org.wenjin.model.GenerationOptions;
import org.wenjin.model.ModelException;
import org.wenjin.model.TokenSink;
import org.wenjin.model.template.ChatTemplateException;

/**
 * Plans a turn with the model: the {@code plan} template and the nearest examples of its pool, then what is
 * known about the turn; the model answers with a JSON object {@code {"steps": [...], "reason": "..."}}. The
 * plan is parsed and held to the rules every plan must keep (known steps, each once, exactly one answering
 * step with media steps after it, clarify only for a name that is really ambiguous and then alone, and the
 * model writing the answer rather than the steps meant for when there is none). A reply that breaks them is reported with the reason, so the caller
 * can fall back to the rule planner.
 */
public final class ModelPlanner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REPLY_TOKENS = 96;

    private final FewShotPrompt prompt;

    public ModelPlanner(FewShotPrompt prompt) {
        this.prompt = prompt;
    }

    /** The model's plan, or why it was not usable. */
    public record Result(Plan plan, String fault, String version) {
        public boolean usable() {
            return fault == null;
        }
    }

    public Result plan(Situation situation, ChatModel model) {
        Language language = Language.of(situation.question());
        String input = describe(situation, language);
        FewShotPrompt.Built built;
        String reply;
        try {
            built = prompt.build("plan", language, input, model, REPLY_TOKENS);
            reply = model.chat(new ChatRequest(built.messages(), new GenerationOptions(REPLY_TOKENS, 0, 1, 0L, List.of())),
                    TokenSink.NONE, new Cancellation()).text();
        } catch (PromptTooLongException e) {
            return new Result(null, "the plan prompt does not fit in the model's context", "plan");
        } catch (ModelException | ChatTemplateException e) {
            return new Result(null, "the model failed: " + e.getMessage(), "plan");
        }
        try {
            return new Result(parse(reply, situation), null, built.version());
        } catch (IllegalArgumentException e) {
            return new Result(null, e.getMessage(), built.version());
        }
    }

    /** What the planner is told about the turn, in the form of the pool's examples. */
    static String describe(Situation situation, Language language) {
        String none = language.pick("无", "none");
        String entities = situation.entities().isEmpty() ? none : String.join(language.pick("、", ", "), situation.entities());
        String ambiguous = situation.ambiguity().map(a -> a.name() + language.pick("（", " (")
                + String.join(language.pick("、", ", "), a.senses().stream().map(Sense::type).toList())
                + language.pick("）", ")")).orElse(none);
        return language.pick("问题：", "Question: ") + situation.question() + "\n"
                + language.pick("图谱中的实体：", "Entities in the graph: ") + entities + "\n"
                + language.pick("图谱能直接回答：", "Graph answers directly: ")
                + (situation.directAnswerAvailable() ? language.pick("是", "yes") : language.pick("否", "no")) + "\n"
                + language.pick("有歧义的名称：", "Ambiguous names: ") + ambiguous;
    }

    /** The plan in {@code reply}, held to the rules; an exception names the first rule it breaks. */
    static Plan parse(String reply, Situation situation) {
        int open = reply.indexOf('{');
        int close = reply.lastIndexOf('}');
        if (open < 0 || close < open) {
            return invalid("the reply has no JSON object");
        }
        JsonNode node;
        try {
            node = JSON.readTree(reply.substring(open, close + 1));
        } catch (JsonProcessingException e) {
            return invalid("the reply's JSON does not parse: " + e.getOriginalMessage());
        }
        if (!node.path("steps").isArray() || node.path("steps").isEmpty()) {
            return invalid("the reply's 'steps' is not a non-empty array");
        }
        List<Step> steps = new ArrayList<>();
        for (JsonNode name : node.path("steps")) {
            Optional<Step> step = Arrays.stream(Step.values()).filter(s -> s.wireName().equals(name.asText())).findFirst();
            if (step.isEmpty()) {
                return invalid("unknown step '" + name.asText() + "'");
            }
            if (steps.contains(step.get())) {
                return invalid("the step '" + name.asText() + "' appears twice");
            }
            steps.add(step.get());
        }
        List<Step> answering = steps.stream().filter(Step::answers).toList();
        if (answering.size() != 1) {
            return invalid("a plan needs exactly one answering step, this one has " + answering.size());
        }
        Step answer = answering.getFirst();
        if (steps.subList(steps.indexOf(answer) + 1, steps.size()).stream().anyMatch(s -> !s.producesMedia())) {
            return invalid("only media steps may follow the answering step");
        }
        if (steps.subList(0, steps.indexOf(answer)).stream().anyMatch(Step::producesMedia)) {
            return invalid("media steps must follow the answering step");
        }
        Optional<Ambiguity> ambiguity = situation.ambiguity();
        if (answer == Step.CLARIFY && (ambiguity.isEmpty() || steps.size() > 1)) {
            return invalid(ambiguity.isEmpty() ? "clarify was planned but no name is ambiguous" : "clarify must be the only step");
        }
        if (answer == Step.ANSWER_FROM_GRAPH || answer == Step.EXTRACT_ANSWER) {
            // Those answer without a model; with one, the model writes the answer from the same facts.
            return invalid(answer.wireName() + " is for when no model is configured");
        }
        String reason = node.path("reason").isTextual() && !node.path("reason").asText().isBlank()
                ? node.path("reason").asText().strip() : "no reason given";
        return new Plan(steps, List.of("planned by the model: " + reason));
    }

    private static Plan invalid(String why) {
        throw new IllegalArgumentException(why);
    }
}
