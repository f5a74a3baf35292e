package org.wenjin.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code wenjin train ...}: the training stages, on PyTorch through DJL (loaded only when one of them runs). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model: supervised fine-tuning of a GGUF model (LoRA or full), exported back to GGUF.",
        subcommands = {
                TrainSftCommand.class
        })
final class TrainCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
