package org.wenjin.knowledge.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wenjin.knowledge.text.Language;

/**
 * A training sample as one line of OpenAI chat fine-tuning JSONL: {@code {"messages":[{"role":"system",...},
 * {"role":"user",...},{"role":"assistant",...}]}}, the format OpenAI's fine-tuning API and most open
 * trainers (TRL's SFTTrainer, LLaMA-Factory's "sharegpt/openai" layout) read.
 */
public final class ChatJsonl {
    public static final String CHINESE_SYSTEM = "你是问津，一个根据知识图谱回答问题的助手。只用图谱中的事实回答；图谱中没有的，就说不知道。";
    public static final String ENGLISH_SYSTEM = "You are Wenjin, an assistant that answers from a knowledge graph. "
            + "Answer only with facts in the graph; when the graph does not have the answer, say you don't know.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatJsonl() {
    }

    /** The sample as one JSON line, without the line break. */
    public static String line(TrainingSample sample) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system")
                .put("content", sample.language() == Language.CHINESE ? CHINESE_SYSTEM : ENGLISH_SYSTEM);
        messages.addObject().put("role", "user").put("content", sample.question());
        messages.addObject().put("role", "assistant").put("content", sample.answer());
        return root.toString();
    }
}
