package org.wenjin.media;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs ffmpeg (or ffprobe) as a process, with a clear error when it is missing or fails. */
public final class Ffmpeg {
    private static final String INSTALL_HINT = "install ffmpeg: apt-get install ffmpeg";
    private static final long TIMEOUT_MINUTES = 10;

    private Ffmpeg() {
    }

    /** Runs {@code command} and returns its standard output; stderr is kept for the error message. */
    public static String run(List<String> command) {
        StringBuilder out = new StringBuilder();
        run(command, line -> out.append(line).append('\n'));
        return out.toString();
    }

    /**
     * Runs {@code command}, handing each line of its standard output to {@code lines} as it is written (for
     * ffmpeg's {@code -progress pipe:1} reports); stderr is kept for the error message.
     */
    public static void run(List<String> command, Consumer<String> lines) {
        Path messages;
        try {
            messages = Files.createTempFile("ffmpeg", ".log");
        } catch (IOException e) {
            throw new MediaException("cannot create a temporary file for ffmpeg's messages: " + e.getMessage(), e);
        }
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).redirectError(messages.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            } catch (IOException e) {
                throw new MediaException("cannot run " + command.getFirst() + " (" + e.getMessage() + "): " + INSTALL_HINT, e);
            }
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.accept(line);
                }
            }
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new MediaException(command.getFirst() + " took more than " + TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                List<String> messageLines = new ArrayList<>(Files.readAllLines(messages));
                String tail = String.join("\n", messageLines.subList(Math.max(0, messageLines.size() - 8), messageLines.size()));
                throw new MediaException(command.getFirst() + " failed (exit " + process.exitValue() + "): " + tail);
            }
        } catch (IOException e) {
            throw new MediaException("cannot read " + command.getFirst() + "'s output: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException("interrupted while running " + command.getFirst(), e);
        } finally {
            try {
                Files.deleteIfExists(messages);
            } catch (IOException ignored) {
                // A leftover log file in the temporary directory is harmless.
            }
        }
    }
}
