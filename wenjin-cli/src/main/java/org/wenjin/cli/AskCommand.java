package org.wenjin.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.wenjin.assistant.Answer;
import org.wenjin.assistant.Citation;
import org.wenjin.assistant.Question;
import org.wenjin.model.Cancellation;
import org.wenjin.model.TokenSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wenjin ask "question"}: one answer, streamed, with its sources. */
@Command(name = "ask", mixinStandardHelpOptions = true, description = "Answer one question, citing its sources.")
final class AskCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    SettingsOptions options;

    @Parameters(paramLabel = "QUESTION", description = "The question.")
    String question;

    @Option(names = "--json", description = "Print {\"answer\", \"mode\", \"citations\", \"trace_id\"} instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Wenjin wenjin = Wenjin.open(options.resolve(null, null, null), err)) {
            TokenSink sink = json ? TokenSink.NONE : text -> {
                out.print(text);
                out.flush();
            };
            Answer answer = wenjin.chat().answer(Question.of(question), sink, new Cancellation());
            if (json) {
                out.println(toJson(answer));
            } else {
                out.println();
                Citations.print(answer.citations(), out);
            }
        }
        return 0;
    }

    static String toJson(Answer answer) {
        ObjectNode root = JSON.createObjectNode();
        root.put("answer", answer.text());
        root.put("mode", answer.mode().wireName());
        root.put("model", answer.model());
        ArrayNode citations = root.putArray("citations");
        for (Citation c : answer.citations()) {
            citations.addObject().put("n", c.number()).put("kind", c.kind()).put("id", c.sourceId())
                    .put("source", c.source()).put("title", c.title()).put("text", c.text());
        }
        root.put("trace_id", answer.trace().id());
        return root.toString();
    }
}
