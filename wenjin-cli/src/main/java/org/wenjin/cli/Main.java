package org.wenjin.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code wenjin}: every stage of Wenjin as a subcommand. */
@Command(name = "wenjin",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Wenjin (问津): a self-hostable, knowledge-enhanced conversational assistant.",
        subcommands = {
                ServeCommand.class,
                AskCommand.class,
                PullCommand.class,
                ModelsCommand.class,
                ChatCommand.class,
                ModelCommand.class,
                TokenizeCommand.class,
                GenerateCommand.class,
                BenchCommand.class,
                IngestCommand.class,
                SearchCommand.class,
                SourcesCommand.class,
                SpeakCommand.class,
                PosterCommand.class,
                VideoCommand.class,
                KgCommand.class,
                TrainCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Held so the level sticks: java.util.logging keeps loggers only weakly. */
    private static final java.util.logging.Logger LUCENE_LOG = java.util.logging.Logger.getLogger("org.apache.lucene");

    public static void main(String[] args) {
        // Lucene announces at INFO that it found the Vector API; the CLI prints only what a user needs.
        LUCENE_LOG.setLevel(java.util.logging.Level.WARNING);
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            cmd.getErr().println("error: " + CliErrors.describe(exception));
            return 1;
        });
        return commandLine;
    }
}
