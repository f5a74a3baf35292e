package org.wenjin.assistant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.wenjin.assistant.cite.CitationCheck;
import org.wenjin.assistant.clarify.Ambiguity;
import org.wenjin.assistant.clarify.Choice;
import org.wenjin.assistant.clarify.ClarifyingQuestion;
import org.wenjin.assistant.clarify.Namesakes;
import org.wenjin.assistant.clarify.Sense;
import org.wenjin.assistant.cite.NumberedSources;
import org.wenjin.assistant.cite.Renumbering;
import org.wenjin.assistant.extract.ExtractiveAnswerer;
import org.wenjin.assistant.memory.MemoryExtractor;
import org.wenjin.assistant.memory.MemoryRecall;
import org.wenjin.assistant.memory.ModelMemoryExtractor;
import org.wenjin.assistant.memory.UserMemory;
import org.wenjin.assistant.plan.ModelPlanner;
import org.wenjin.assistant.plan.Plan;
import org.wenjin.assistant.plan.Planner;
import org.wenjin.assistant.plan.Situation;
import org.wenjin.assistant.plan.Step;
import org.wenjin.assistant.prompt.AnswerPrompt;
import org.wenjin.assistant.prompt.FewShotPrompt;
import org.wenjin.assistant.prompt.PromptTemplates;
import org.wenjin.assistant.rewrite.FollowUpRewriter;
import org.wenjin.assistant.rewrite.ModelRewriter;
import org.wenjin.assistant.rewrite.Rewrite;
import org.wenjin.assistant.text.QueryTerms;
import org.wenjin.knowledge.DirectAnswer;
import org.wenjin.knowledge.EntityMention;
import org.wenjin.knowledge.Fact;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.ChatModel;
import org.wenjin.model.ChatRequest;
import org.wenjin.model.ChatResult;
import org.wenjin.model.FinishReason;
import org.wenjin.model.GenerationOptions;
import org.wenjin.model.TokenSink;
import org.wenjin.retrieval.DocumentIndex;
import org.wenjin.retrieval.Passage;
import org.wenjin.retrieval.PassageRetriever;

/**
 * The pipeline from a question to an answer, one step after another: make a follow-up standalone (or read
 * the reply to a clarifying question), link entities, plan (with the model when there is one, by rules
 * otherwise), ask which entity a shared name means when nothing says, gather facts from the graph, search the
 * documents, number the sources, then either have the model write the answer from a prompt fitted to its
 * context or assemble it from the sources, check its citations, and record the trace of it all.
 */
public final class Assistant {
    /** The model name clients address when no generative model is configured. */
    public static final String EXTRACTIVE_MODEL_NAME = "wenjin-extractive";
    private static final int MAX_FACTS = 8;
    private static final int MAX_PASSAGES = 5;

    private final ChatModel model;
    /** The model when it also does the dialogue work ({@link DialogueMode#MODEL}), else null. */
    private final ChatModel dialogueModel;
    private final KnowledgeGraph graph;
    private final PassageRetriever passages;
    private final FollowUpRewriter rewriter;
    private final ModelRewriter modelRewriter;
    private final ModelPlanner modelPlanner;
    private final Namesakes namesakes;
    private final ClarifyingQuestion clarifying;
    private final MemoryRecall memoryRecall = new MemoryRecall();
    private final MemoryExtractor memoryExtractor = new MemoryExtractor();
    private final ModelMemoryExtractor modelMemoryExtractor;
    private final Planner planner = new Planner();
    private final AnswerPrompt answerPrompt;
    private final ExtractiveAnswerer extractiveAnswerer = new ExtractiveAnswerer();
    private final CitationCheck citationCheck = new CitationCheck();
    private final Renumbering renumbering = new Renumbering();

    /**
     * @param model the generative model, or null to answer extractively
     * @param passages the documents to search: a local {@link DocumentIndex} or another backend's index
     */
    public Assistant(ChatModel model, KnowledgeGraph graph, PassageRetriever passages) {
        this(model, graph, passages, PromptTemplates.bundled());
    }

    /** @param templates the prompt texts (the bundled ones, or a deployment's own) */
    public Assistant(ChatModel model, KnowledgeGraph graph, PassageRetriever passages, PromptTemplates templates) {
        this(model, graph, passages, templates, DialogueMode.RULES);
    }

    /** @param dialogue whether the model also rewrites, plans, summarizes and finds memories, or rules do */
    public Assistant(ChatModel model, KnowledgeGraph graph, PassageRetriever passages, PromptTemplates templates,
                     DialogueMode dialogue) {
        this.dialogueModel = dialogue == DialogueMode.MODEL ? model : null;
        this.answerPrompt = new AnswerPrompt(templates);
        this.model = model;
        this.graph = graph;
        this.passages = passages;
        this.rewriter = new FollowUpRewriter(graph::link);
        FewShotPrompt fewShot = new FewShotPrompt(templates);
        this.modelRewriter = new ModelRewriter(fewShot);
        this.modelPlanner = new ModelPlanner(fewShot);
        this.modelMemoryExtractor = new ModelMemoryExtractor(fewShot);
        this.namesakes = new Namesakes(graph);
        this.clarifying = new ClarifyingQuestion(namesakes);
    }

    /** An extractive assistant over the bundled demo graph and documents, held in memory. */
    public static Assistant withDemoKnowledge() {
        return new Assistant(null, DemoKnowledge.graph(), DemoKnowledge.documents());
    }

    public String modelName() {
        return model == null ? EXTRACTIVE_MODEL_NAME : model.name();
    }

    public AnswerMode mode() {
        return model == null ? AnswerMode.EXTRACTIVE : AnswerMode.GENERATIVE;
    }

    public Optional<ChatModel> model() {
        return Optional.ofNullable(model);
    }

    public KnowledgeGraph graph() {
        return graph;
    }

    /** The documents the assistant searches, whichever backend holds them. */
    public PassageRetriever passages() {
        return passages;
    }

    /**
     * The local index the assistant searches, for what only it offers (ingesting, listing and removing
     * sources). An assistant over another backend has none: that is an {@link IllegalStateException}.
     */
    public DocumentIndex documents() {
        if (passages instanceof DocumentIndex index) {
            return index;
        }
        throw new IllegalStateException("this assistant searches " + passages.getClass().getSimpleName()
                + ", not a local document index");
    }

    /**
     * What a user's message says about them that is worth remembering: found by the model with the
     * {@code extract-memory} template in {@link DialogueMode#MODEL} when its reply holds up, by rules otherwise.
     */
    public List<UserMemory> remember(String turn) {
        if (dialogueModel != null) {
            ModelMemoryExtractor.Result result = modelMemoryExtractor.extract(turn, dialogueModel);
            if (result.usable()) {
                return result.memories();
            }
        }
        return memoryExtractor.extract(turn);
    }

    public Answer answer(Question question, TokenSink sink, Cancellation cancellation) {
        Map<String, Long> timings = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        long start = System.nanoTime();

        String turn = question.text().strip();
        Optional<Choice> choice = clarifying.resolve(turn, question.history());
        Rewrite rewrite = choice.map(Choice::rewrite).orElseGet(() -> rewrite(turn, question.history(), notes));
        String text = rewrite.question();
        if (rewrite.changed()) {
            notes.add("rewritten as a standalone question: " + rewrite.reason());
        }
        // A name the user chose the meaning of, in this turn or earlier in the conversation, keeps that meaning.
        Optional<Sense> settled = choice.map(Choice::sense).or(() -> clarifying.earlierChoice(question.history()));
        if (choice.isEmpty() && settled.isPresent()) {
            String qualified = qualify(text, settled.get());
            if (!qualified.equals(text)) {
                notes.add("'" + settled.get().label() + "' means " + settled.get().qualifiedLabel(Language.of(text) == Language.CHINESE)
                        + ", as the user chose earlier");
                text = qualified;
            }
        }
        start = lap(timings, "rewrite", start);

        List<EntityMention> linked = graph.link(text);
        String chosen = settled.filter(s -> linked.stream().anyMatch(m -> m.label().equals(s.label())))
                .map(Sense::entity).orElse(null);
        // The linker may still read the name as the other sense; the user's choice wins.
        boolean linkerAgrees = chosen == null || linked.stream().anyMatch(m -> m.entity().equals(chosen));
        List<EntityMention> mentions = linkerAgrees ? linked : linked.stream()
                .map(m -> m.label().equals(settled.get().label()) ? new EntityMention(chosen, m.label(), m.start(), m.end(), 1.0) : m)
                .toList();
        Optional<DirectAnswer> direct = linkerAgrees ? graph.answer(text) : Optional.empty();
        Optional<Ambiguity> ambiguity = namesakes.find(text, mentions, chosen);
        start = lap(timings, "link entities", start);

        List<UserMemory> memories = memoryRecall.recall(text, question.memories());
        Plan plan = plan(new Situation(text, mentions.stream().map(EntityMention::label).toList(), direct.isPresent(),
                model != null, ambiguity), notes);
        start = lap(timings, "plan", start);

        if (plan.has(Step.CLARIFY)) {
            String ask = clarifying.ask(ambiguity.orElseThrow(), Language.of(text));
            sink.accept(ask);
            lap(timings, "clarify", start);
            Trace trace = new Trace(UUID.randomUUID().toString(), Instant.now(), question.text(), text, plan.describe(),
                    mentions.stream().map(m -> m.label() + " → " + m.entity()).toList(), List.of(), List.of(),
                    memories.stream().map(UserMemory::text).toList(), null, modelName(), mode(), notes, List.of(), timings);
            return new Answer(ask, mode(), modelName(), List.of(), trace, FinishReason.STOP, 0, 0);
        }

        NumberedSources sources = new NumberedSources();
        List<Citation> directFacts = direct.map(d -> d.facts().stream().map(sources::add).toList()).orElse(List.of());
        if (plan.has(Step.LOOK_UP_GRAPH)) {
            List<Fact> facts = linkerAgrees ? graph.factsFor(text, MAX_FACTS) : factsAbout(chosen, text);
            for (Fact fact : facts) {
                sources.add(fact);
            }
            start = lap(timings, "look up the graph", start);
        }
        if (plan.has(Step.SEARCH_DOCUMENTS)) {
            for (Passage passage : passages.search(text, MAX_PASSAGES)) {
                sources.add(passage);
            }
            start = lap(timings, "search documents", start);
        }

        String answerText;
        List<Citation> cited;
        String prompt;
        List<String> budget = List.of();
        FinishReason finish = FinishReason.STOP;
        int promptTokens = 0;
        int completionTokens = 0;
        if (plan.has(Step.GENERATE_ANSWER)) {
            GenerationOptions options = question.options() == null ? GenerationOptions.DEFAULTS : question.options();
            AnswerPrompt.Built built = answerPrompt.build(text, question.history(), memories, sources.all(), model, options, dialogueModel);
            notes.add("prompt template: " + built.templateVersions());
            if (built.condensedHistoryMessages() > 0) {
                notes.add(built.condensedHistoryMessages() + " older messages did not fit in the context and were condensed: "
                        + built.condensedBy());
            }
            budget = built.budget();
            start = lap(timings, "build the prompt", start);
            ChatResult result = model.chat(new ChatRequest(built.messages(), options), sink, cancellation);
            start = lap(timings, "generate", start);
            CitationCheck.Result checked = citationCheck.check(result.text(), built.sources());
            if (!checked.invented().isEmpty()) {
                notes.add("dropped citations to sources that were not given: " + checked.invented());
            }
            answerText = checked.text();
            cited = checked.cited();
            prompt = result.prompt();
            finish = result.finishReason();
            promptTokens = result.promptTokens();
            completionTokens = result.completionTokens();
            lap(timings, "check citations", start);
        } else {
            ExtractiveAnswerer.Extract extract = extractiveAnswerer.answer(text, direct.map(DirectAnswer::text).orElse(null),
                    directFacts, sources.facts(), sources.passages());
            // No prompt fixed the numbers, so the answer counts its sources 1, 2, 3 as the reader meets them.
            Renumbering.Result renumbered = renumbering.apply(extract.pieces(), extract.used());
            renumbered.pieces().forEach(sink::accept);
            lap(timings, "extract answer", start);
            answerText = renumbered.text();
            cited = renumbered.citations();
            prompt = null;
        }

        Trace trace = new Trace(UUID.randomUUID().toString(), Instant.now(), question.text(), text, plan.describe(),
                mentions.stream().map(m -> m.label() + " → " + m.entity()).toList(),
                sources.facts(), sources.passages(), memories.stream().map(UserMemory::text).toList(), prompt, modelName(),
                mode(), notes, budget, timings);
        return new Answer(answerText, mode(), modelName(), cited, trace, finish, promptTokens, completionTokens);
    }

    /** Facts about one entity, those whose predicate and object share most terms with the question first. */
    private List<Fact> factsAbout(String entity, String question) {
        Set<String> terms = QueryTerms.of(question);
        return graph.factsAbout(entity, knowledgeLanguage(question)).stream()
                .sorted(Comparator.comparingLong((Fact f) -> QueryTerms.of(f.predicateLabel() + " " + f.objectLabel()).stream()
                        .filter(terms::contains).count()).reversed())
                .limit(MAX_FACTS).toList();
    }

    /** The question with the first mention of the sense's name qualified by its type, as a choice rewrites it. */
    private String qualify(String text, Sense sense) {
        String qualified = sense.qualifiedLabel(Language.of(text) == Language.CHINESE);
        for (EntityMention mention : graph.link(text)) {
            if (mention.label().equals(sense.label())) {
                return text.startsWith(qualified, mention.start()) ? text
                        : text.substring(0, mention.start()) + qualified + text.substring(mention.end());
            }
        }
        return text;
    }

    /**
     * In {@link DialogueMode#MODEL}, the model's rewrite when it passes its checks, else the rules'; otherwise the rules'.
     * A turn with no conversation before it is already standalone.
     */
    private Rewrite rewrite(String turn, List<ChatMessage> history, List<String> notes) {
        if (dialogueModel == null || history.isEmpty()) {
            return rewriter.rewrite(turn, history);
        }
        ModelRewriter.Result result = modelRewriter.rewrite(turn, history, dialogueModel);
        if (result.usable()) {
            notes.add("the model rewrote the turn (" + result.version() + ")");
            return result.rewrite();
        }
        notes.add("the model's rewrite was not used (" + result.fault() + "); rewritten by rules");
        return rewriter.rewrite(turn, history);
    }

    /** In {@link DialogueMode#MODEL}, the model's plan when it keeps the rules of a plan, else the rule planner's. */
    private Plan plan(Situation situation, List<String> notes) {
        Plan plan;
        if (dialogueModel == null) {
            plan = planner.plan(situation);
        } else {
            ModelPlanner.Result result = modelPlanner.plan(situation, dialogueModel);
            if (result.usable()) {
                notes.add("the model planned the turn (" + result.version() + ")");
                plan = result.plan();
            } else {
                notes.add("the model's plan was not used (" + result.fault() + "); planned by rules");
                plan = planner.plan(situation);
            }
        }
        notes.add("plan: " + String.join("; ", plan.reasons()));
        return plan;
    }

    private static org.wenjin.knowledge.text.Language knowledgeLanguage(String text) {
        return Language.of(text) == Language.CHINESE
                ? org.wenjin.knowledge.text.Language.CHINESE : org.wenjin.knowledge.text.Language.ENGLISH;
    }

    private static long lap(Map<String, Long> timings, String step, long since) {
        long now = System.nanoTime();
        timings.merge(step, (now - since) / 1_000_000, Long::sum);
        return now;
    }
}
