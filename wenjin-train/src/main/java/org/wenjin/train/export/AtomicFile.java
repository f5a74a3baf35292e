package org.wenjin.train.export;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file under a temporary name beside it and moves it into place when complete, so that a failed or
 * interrupted export leaves no half-written model where a complete one is expected.
 */
final class AtomicFile {

    /** Writes the contents of a file at the path it is given. */
    @FunctionalInterface
    interface Contents {
        void writeTo(Path path) throws IOException;
    }

    private AtomicFile() {}

    static void write(Path target, Contents contents) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = Files.createDirectories(absolute.getParent());
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".part");
        try {
            contents.writeTo(temporary);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
