package org.wenjin.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceStatusTest {
    @TempDir
    Path folder;

    @Test
    void aFileSourceIsIndexedUntilItsContentChangesOrItGoesAndNamedSourcesAreAlwaysIndexed() throws IOException {
        Path file = Files.writeString(folder.resolve("tides.md"), "# Tides\n\nThe Moon pulls on the oceans twice a day.\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-03-01T08:00:00.123Z")));
        try (DocumentIndex index = DocumentIndex.inMemory()) {
            index.ingest(List.of(file));
            index.ingestText("demo:tea.md", null, "# 茶\n\n茶起源于中国西南。\n");
            index.ingestBytes("upload:notes.md", "notes.md", "# Notes\n\nBarrages dam estuaries.\n".getBytes(), Instant.EPOCH);

            assertThat(index.sources()).extracting(SourceStatus::of)
                    .containsExactly(SourceStatus.INDEXED, SourceStatus.INDEXED, SourceStatus.INDEXED);

            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-03-02T08:00:00Z")));
            assertThat(status(index, file.toString())).as("touched, same content").isEqualTo(SourceStatus.INDEXED);
            Files.writeString(file, "# Tides\n\nThe Moon and the Sun pull on the oceans.\n");
            assertThat(status(index, file.toString())).isEqualTo(SourceStatus.CHANGED);
            index.ingest(List.of(file));
            assertThat(status(index, file.toString())).as("ingested again").isEqualTo(SourceStatus.INDEXED);

            Files.delete(file);
            assertThat(status(index, file.toString())).isEqualTo(SourceStatus.MISSING);
            assertThat(SourceStatus.MISSING).hasToString("missing");
        }
    }

    private static SourceStatus status(DocumentIndex index, String source) {
        return SourceStatus.of(index.sources().stream().filter(s -> s.source().equals(source)).findFirst().orElseThrow());
    }
}
