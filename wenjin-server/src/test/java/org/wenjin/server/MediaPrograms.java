package org.wenjin.server;

import java.io.IOException;
import org.junit.jupiter.api.Assumptions;

/**
 * The external programs media needs. A test that needs one is skipped where it is missing, except under CI
 * (CI=true), where a missing program is a broken build machine and fails the test.
 */
final class MediaPrograms {
    private MediaPrograms() {
    }

    /** Each {@code program} runs with {@code -version} / {@code --version}, or the test is skipped (failed under CI). */
    static void require(String... programs) {
        for (String program : programs) {
            boolean present = runs(program, "-version") || runs(program, "--version");
            if (!present && "true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + program + " is missing: apt-get install "
                        + (program.startsWith("ff") ? "ffmpeg" : program));
            }
            Assumptions.assumeTrue(present, program + " is not installed");
        }
    }

    private static boolean runs(String program, String option) {
        try {
            Process process = new ProcessBuilder(program, option).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
