package org.wenjin.train.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident memory, which is what a machine must have: the JVM heap, libtorch's tensors and the
 * mapped model together. Read from Linux's {@code /proc/self/status} ({@code VmHWM}); elsewhere unknown.
 */
public final class PeakMemory {
    private PeakMemory() {
    }

    /** Peak resident bytes so far, or -1 where the system does not say. */
    public static long bytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
