package org.wenjin.assistant.cite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wenjin.assistant.Citation;
import org.wenjin.knowledge.Fact;
import org.wenjin.retrieval.Passage;

/**
 * Gives every fact and passage an answer may use one number, facts first (they are short and exact), so
 * the prompt, the answer's {@code [n]} markers and the citation list all agree.
 */
public final class NumberedSources {
    private final Map<String, Citation> facts = new LinkedHashMap<>();
    private final List<Citation> passages = new ArrayList<>();
    private int next = 1;

    public Citation add(Fact fact) {
        return facts.computeIfAbsent(fact.id(), id -> new Citation(next++, "fact", id, fact.source(),
                fact.subjectLabel(), fact.render()));
    }

    public Citation add(Passage passage) {
        String title = passage.section() == null || passage.section().isBlank() || passage.section().equals(passage.title())
                ? passage.title() : passage.title() + " § " + passage.section();
        Citation citation = new Citation(next++, "passage", passage.chunkId(), passage.source(), title, passage.text());
        passages.add(citation);
        return citation;
    }

    public List<Citation> facts() {
        return List.copyOf(facts.values());
    }

    public List<Citation> passages() {
        return List.copyOf(passages);
    }

    public List<Citation> all() {
        List<Citation> all = new ArrayList<>(facts.values());
        all.addAll(passages);
        return all;
    }
}
