package org.wenjin.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatModel;
import org.wenjin.model.ChatRequest;
import org.wenjin.model.ChatResult;
import org.wenjin.model.FinishReason;
import org.wenjin.model.ModelException;
import org.wenjin.model.TokenSink;

/**
 * A deterministic chat model for server tests: it writes a fixed reply word by word at a fixed pace, stops
 * when cancelled, and remembers every request it was given. The pace lets tests hold generations open to
 * exercise concurrency limits, disconnects and shutdown; the remembered requests show which sampling options
 * reached the model.
 */
class PacedChatModel implements ChatModel {
    private final String name;
    private final List<String> words;
    private final long millisPerWord;
    final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger cancelled = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();

    PacedChatModel(String name, String reply, long millisPerWord) {
        this.name = name;
        this.words = List.of(reply.split("(?<= )"));
        this.millisPerWord = millisPerWord;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int contextLength() {
        return 8192;
    }

    @Override
    public int countTokens(String text) {
        return Math.max(1, text.length() / 4);
    }

    /** A model whose backend is down: every request fails after the given words. */
    static PacedChatModel failingAfter(String name, String words) {
        return new PacedChatModel(name, words, 0) {
            @Override
            public ChatResult chat(ChatRequest request, TokenSink sink, Cancellation cancellation) {
                super.chat(request, sink, cancellation);
                throw new ModelException("connection to the model server was reset");
            }
        };
    }

    @Override
    public ChatResult chat(ChatRequest request, TokenSink sink, Cancellation cancellation) {
        requests.add(request);
        StringBuilder text = new StringBuilder();
        for (String word : words) {
            if (cancellation.isCancelled()) {
                cancelled.incrementAndGet();
                return new ChatResult(text.toString(), FinishReason.CANCELLED, 10, text.length(), prompt(request));
            }
            try {
                Thread.sleep(millisPerWord);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            text.append(word);
            sink.accept(word);
        }
        finished.incrementAndGet();
        return new ChatResult(text.toString(), FinishReason.STOP, 10, words.size(), prompt(request));
    }

    private static String prompt(ChatRequest request) {
        StringBuilder prompt = new StringBuilder();
        request.messages().forEach(m -> prompt.append('<').append(m.role().wireName()).append(">\n").append(m.content()).append('\n'));
        return prompt.toString();
    }
}
