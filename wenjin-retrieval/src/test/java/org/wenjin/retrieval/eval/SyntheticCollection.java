package org.wenjin.retrieval.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.wenjin.retrieval.Sentences;
import org.wenjin.retrieval.document.Block;
import org.wenjin.retrieval.document.MarkdownParser;
import org.wenjin.retrieval.document.ParsedDocument;
import org.wenjin.retrieval.embed.BgeSmallZh;

/**
 * A large collection made from the evaluation documents' sentences, for measuring throughput and latency
 * at a size no one would write by hand. Each synthetic chunk takes four to eight sentences of one
 * document in random order, so its words and language stay those of real text on one topic; a chunk's
 * vector is the normalised mean of its sentences' vectors (embedding 100,000 chunks with the model would
 * take a 2-CPU machine over an hour, and the search cost does not depend on where a vector came from).
 */
final class SyntheticCollection {

    /** One topic: a document's title, its sentences and their vectors, and whether it is in Chinese. */
    record Topic(String title, List<String> sentences, List<float[]> vectors, boolean chinese) {
    }

    /** One synthetic chunk. */
    record Chunk(String title, String text, float[] vector) {
    }

    private final List<Topic> topics;

    private SyntheticCollection(List<Topic> topics) {
        this.topics = topics;
    }

    /** The sentences of every evaluation document, each embedded once. */
    static SyntheticCollection fromEvaluationDocuments(BgeSmallZh embedder) {
        List<Topic> topics = new ArrayList<>();
        MarkdownParser parser = new MarkdownParser();
        for (String text : EvaluationCollection.texts()) {
            ParsedDocument parsed = parser.parse(text, "document");
            List<String> sentences = new ArrayList<>();
            for (Block block : parsed.blocks()) {
                if (block.layout() == Block.Layout.PROSE) {
                    sentences.addAll(Sentences.split(block.text()).stream().map(String::strip)
                            .filter(s -> s.length() >= 8).toList());
                }
            }
            topics.add(new Topic(parsed.title(), sentences, embedder.passages(sentences), isChinese(text)));
        }
        return new SyntheticCollection(topics);
    }

    /** Chinese when more than a third of its characters are Han; the evaluation documents are clearly one or the other. */
    static boolean isChinese(String text) {
        long han = text.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count();
        return han * 3 > text.codePoints().filter(c -> !Character.isWhitespace(c)).count();
    }

    int sentenceCount() {
        return topics.stream().mapToInt(t -> t.sentences().size()).sum();
    }

    /** The {@code n}th synthetic chunk of the sequence seeded by {@code seed}; the same arguments give the same chunk. */
    Chunk chunk(long seed, int n) {
        Random random = new Random(seed * 1_000_003L + n);
        Topic topic = topics.get(random.nextInt(topics.size()));
        int count = 4 + random.nextInt(5);
        StringBuilder text = new StringBuilder();
        float[] vector = new float[BgeSmallZh.DIMENSIONS];
        for (int i = 0; i < count; i++) {
            int pick = random.nextInt(topic.sentences().size());
            if (!text.isEmpty() && !topic.chinese()) {
                text.append(' ');
            }
            text.append(topic.sentences().get(pick));
            float[] v = topic.vectors().get(pick);
            for (int d = 0; d < vector.length; d++) {
                vector[d] += v[d];
            }
        }
        double norm = 0;
        for (float x : vector) {
            norm += x * x;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < vector.length; d++) {
            vector[d] *= scale;
        }
        return new Chunk(topic.title(), text.toString(), vector);
    }
}
