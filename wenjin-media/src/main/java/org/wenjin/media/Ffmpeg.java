package org.wenjin.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs ffmpeg (or ffprobe) as a process, with a clear error when it is missing or fails. */
public final class Ffmpeg {
    private static final String INSTALL_HINT = "install ffmpeg: apt-get install ffmpeg";
    private static final long TIMEOUT_MINUTES = 10;

    private Ffmpeg() {
    }

    /** Runs {@code command} and returns its standard output; stderr is kept for the error message. */
    public static String run(List<String> command) {
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
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new MediaException(command.getFirst() + " took more than " + TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                List<String> lines = new ArrayList<>(Files.readAllLines(messages));
                String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
                throw new MediaException(command.getFirst() + " failed (exit " + process.exitValue() + "): " + tail);
            }
            return out;
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
