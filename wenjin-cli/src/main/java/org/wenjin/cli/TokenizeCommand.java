package org.wenjin.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wenjin tokenize --model F.gguf "text"}: the token ids, as llama.cpp would produce them. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Print the token ids of a text under a model's tokenizer.")
final class TokenizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "GGUF", description = "A .gguf file or a pulled model's name.")
    String model;

    @Parameters(paramLabel = "TEXT", description = "Text to tokenize.")
    String text;

    @Option(names = "--no-special",
            description = "Neither add BOS/EOS (by default added as the file's add_bos_token says) nor parse special tokens in the text.")
    boolean noSpecial;

    @Option(names = "--json", description = "Print {\"tokens\": [...]}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (GgufFile file = GgufFile.open(LocalModelLoader.resolve(model))) {
            Tokenizer tokenizer = Tokenizer.fromGguf(file);
            int[] ids = tokenizer.encode(text, !noSpecial, !noSpecial);
            if (json) {
                ObjectNode root = new ObjectMapper().createObjectNode();
                ArrayNode tokens = root.putArray("tokens");
                for (int id : ids) {
                    tokens.add(id);
                }
                out.println(root);
            } else {
                for (int id : ids) {
                    out.printf("%8d  %s%n", id, tokenizer.tokenText(id));
                }
            }
        }
        return 0;
    }
}
