package org.wenjin.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.wenjin.llm.tensor.FloatTensor;
import org.wenjin.model.hub.LocalModels;
import org.wenjin.model.local.LocalChatModel;

/** Loads what {@code --model} names: a GGUF file, or a model pulled earlier by its catalogue or hub name. */
final class LocalModelLoader {
    private LocalModelLoader() {
    }

    static LocalChatModel load(String nameOrPath, int parallel, PrintWriter log) {
        Path path = resolve(nameOrPath);
        // As llama.cpp does, the product rounds matmul inputs to 8-bit blocks so that quantized weights multiply
        // in integers, several times faster; -Dwenjin.llm.q8activations=false keeps the exact float path.
        FloatTensor.setRoundActivations(!"false".equalsIgnoreCase(System.getProperty("wenjin.llm.q8activations")));
        long start = System.nanoTime();
        LocalChatModel model = LocalChatModel.load(path, 0, parallel);
        log.printf("Loaded %s (%s) in %d ms.%n", path.getFileName(), model.languageModel(),
                (System.nanoTime() - start) / 1_000_000);
        log.flush();
        return model;
    }

    static Path resolve(String nameOrPath) {
        return LocalModels.fromEnvironment(System.getenv()).resolve(nameOrPath).orElseThrow(() ->
                new IllegalArgumentException("no model file '" + nameOrPath + "': give the path of a .gguf file, or "
                        + "download one first with `wenjin pull " + nameOrPath + "`"));
    }
}
