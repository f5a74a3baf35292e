package org.wenjin.assistant.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides per turn what to do, by rules: ask first when a name could mean several entities and nothing
 * says which, consult the graph when the question names entities it knows, always search the documents,
 * and answer from the graph alone only when there is no model and the graph holds a direct answer (a
 * model writes better prose from the same facts); a request for speech, a poster or a video adds that step
 * after the answer.
 */
public final class Planner {
    /** Asking for speech, a poster or a video: 朗读/读出来/语音, 海报, 视频 and their English words. */
    private static final Pattern MEDIA = Pattern.compile(
            "(朗读|读出来|读给我听|语音|read (?:it )?aloud|as speech|audio)|(海报|poster)|(视频|video)", Pattern.CASE_INSENSITIVE);

    public Plan plan(Situation situation) {
        List<Step> steps = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        if (situation.ambiguity().isPresent()) {
            var ambiguity = situation.ambiguity().get();
            steps.add(Step.CLARIFY);
            reasons.add("'" + ambiguity.name() + "' names " + ambiguity.senses().size()
                    + " entities and nothing in the question says which");
            return new Plan(steps, reasons);
        }
        int linked = situation.linkedEntities();
        if (linked > 0) {
            steps.add(Step.LOOK_UP_GRAPH);
            reasons.add("the question mentions " + linked + " known entit" + (linked == 1 ? "y" : "ies"));
        }
        if (situation.modelAvailable()) {
            steps.add(Step.SEARCH_DOCUMENTS);
            steps.add(Step.GENERATE_ANSWER);
            reasons.add("a generative model is configured");
        } else if (situation.directAnswerAvailable()) {
            steps.add(Step.ANSWER_FROM_GRAPH);
            reasons.add("the graph answers the question directly and no model is configured");
        } else {
            steps.add(Step.SEARCH_DOCUMENTS);
            steps.add(Step.EXTRACT_ANSWER);
            reasons.add("no generative model is configured");
        }
        Matcher media = MEDIA.matcher(situation.question());
        if (media.find()) {
            Step step = media.group(1) != null ? Step.SPEAK : media.group(2) != null ? Step.POSTER : Step.VIDEO;
            steps.add(step);
            reasons.add("the question asks for " + media.group().strip());
        }
        return new Plan(steps, reasons);
    }
}
