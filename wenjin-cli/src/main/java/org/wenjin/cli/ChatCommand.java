package org.wenjin.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.wenjin.model.Cancellation;
import org.wenjin.server.chat.Exchange;
import org.wenjin.store.Conversation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code wenjin chat}: a conversation in the terminal with streamed answers. The conversation is stored
 * like one from the web chat, so it shows up there too.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chat in the terminal. Type a question and press Enter; /new starts a new conversation, "
                + "/quit (or Ctrl+D) leaves."})
final class ChatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SettingsOptions options;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (Wenjin wenjin = Wenjin.open(options.resolve(null, null, null), spec.commandLine().getErr())) {
            out.println("Wenjin chat — model: " + wenjin.assistant().modelName() + ". /new starts over, /quit leaves.");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            Conversation conversation = wenjin.store().createConversation("");
            while (true) {
                out.print("\n> ");
                out.flush();
                String line = in.readLine();
                if (line == null || line.strip().equals("/quit") || line.strip().equals("/exit")) {
                    out.println();
                    return 0;
                }
                if (line.isBlank()) {
                    continue;
                }
                if (line.strip().equals("/new")) {
                    conversation = wenjin.store().createConversation("");
                    out.println("(new conversation)");
                    continue;
                }
                Exchange exchange = wenjin.chat().ask(conversation.id(), line.strip(), null, text -> {
                    out.print(text);
                    out.flush();
                }, new Cancellation());
                out.println();
                Citations.print(exchange.result().citations(), out);
            }
        }
    }
}
