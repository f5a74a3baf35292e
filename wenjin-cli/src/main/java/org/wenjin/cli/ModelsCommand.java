package org.wenjin.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.wenjin.model.hub.Catalogue;
import org.wenjin.model.hub.CatalogueEntry;
import org.wenjin.model.hub.LocalModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wenjin models}: what is downloaded, and with {@code --catalogue} what can be pulled by name. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List downloaded models (or the catalogue).")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--catalogue", description = "List the models `wenjin pull` knows by name.")
    boolean catalogue;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (catalogue) {
            for (CatalogueEntry entry : Catalogue.entries()) {
                out.printf("%-14s %-40s default %-7s also %s%n", entry.name(), entry.description(), entry.defaultQuant(),
                        String.join(" ", entry.quants()));
            }
            return 0;
        }
        LocalModels models = LocalModels.fromEnvironment(System.getenv());
        List<LocalModels.LocalModel> local = models.list();
        if (local.isEmpty()) {
            out.println("No models in " + models.root() + " yet. Try: wenjin pull qwen2.5:0.5b");
        }
        for (LocalModels.LocalModel model : local) {
            out.printf("%-60s %10s  %s%n", model.repository() + "/" + model.fileName(), ProgressBar.bytes(model.size()),
                    model.path());
        }
        return 0;
    }
}
