package org.wenjin.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.model.ChatMessage;

/** Reading fine-tuning records from JSONL: the three shapes, and bad records reported by line and left out. */
class SftJsonlReaderTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path file = dir.resolve("data.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void readsAChatInOpenAisMessagesShape() throws IOException {
        Path file = file("""
                {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "2+2?"}, \
                {"role": "assistant", "content": "4"}]}""");

        SftFile read = SftJsonlReader.read(file);

        assertThat(read.examples()).containsExactly(new SftExample.Chat(List.of(ChatMessage.system("Be brief."),
                ChatMessage.user("2+2?"), ChatMessage.assistant("4")), file + ":1"));
        assertThat(read.problems()).isEmpty();
    }

    @Test
    void readsContentGivenAsAListOfTextParts() throws IOException {
        Path file = file("""
                {"messages": [{"role": "user", "content": [{"type": "text", "text": "Look:"}, {"type": "text", "text": "x"}]}, \
                {"role": "assistant", "content": [{"type": "text", "text": "y"}]}]}""");

        SftExample.Chat chat = (SftExample.Chat) SftJsonlReader.read(file).examples().getFirst();

        assertThat(chat.messages()).containsExactly(ChatMessage.user("Look:\nx"), ChatMessage.assistant("y"));
    }

    @Test
    void readsPromptCompletionAndTextRecordsKeepingFileOrderAndSkippingBlankLines() throws IOException {
        Path file = file(
                "{\"prompt\": \"Q: 2+2?\\nA:\", \"completion\": \" 4\"}",
                "",
                "   ",
                "{\"text\": \"Once upon a time.\", \"source\": \"ignored\"}");

        SftFile read = SftJsonlReader.read(file);

        assertThat(read.examples()).containsExactly(
                new SftExample.Completion("Q: 2+2?\nA:", " 4", file + ":1"),
                new SftExample.Text("Once upon a time.", file + ":4"));
        assertThat(read.problems()).isEmpty();
        assertThat(read.source().records()).isEqualTo(2);
        assertThat(read.source().skipped()).isZero();
    }

    @Test
    void reportsEachBadRecordWithItsLineAndKeepsTheGoodOnes() throws IOException {
        Path file = file(
                "{\"text\": \"good\"}",
                "{\"text\": \"unterminated",
                "{\"title\": \"none of the shapes\"}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"   \"}, {\"role\": \"assistant\", \"content\": \"a\"}]}",
                "{\"messages\": [{\"role\": \"system\", \"content\": \"s\"}, {\"role\": \"user\", \"content\": \"q\"}]}",
                "{\"messages\": [{\"role\": \"tool\", \"content\": \"42\"}, {\"role\": \"assistant\", \"content\": \"a\"}]}",
                "{\"prompt\": \"p\", \"completion\": 4}",
                "[1, 2]",
                "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\"}]}, {\"role\": \"assistant\", \"content\": \"a\"}]}",
                "{\"text\": \"t\", \"prompt\": \"p\", \"completion\": \"c\"}",
                "{\"prompt\": \"p\"}",
                "{\"text\": \"good again\"}");

        SftFile read = SftJsonlReader.read(file);

        assertThat(read.examples()).extracting(SftExample::origin).containsExactly(file + ":1", file + ":12");
        assertThat(read.problems()).extracting(DataProblem::origin).containsExactly(
                file + ":2", file + ":3", file + ":4", file + ":5", file + ":6", file + ":7", file + ":8", file + ":9",
                file + ":10", file + ":11");
        assertThat(read.problems()).extracting(DataProblem::message).satisfiesExactly(
                m -> assertThat(m).startsWith("invalid JSON"),
                m -> assertThat(m).contains("none of the shapes"),
                m -> assertThat(m).isEqualTo("message 1 (user) has empty content"),
                m -> assertThat(m).isEqualTo("no assistant turn to train on"),
                m -> assertThat(m).contains("unknown role 'tool'"),
                m -> assertThat(m).isEqualTo("\"completion\" must be a string, found a number"),
                m -> assertThat(m).isEqualTo("expected a JSON object, found an array"),
                m -> assertThat(m).contains("type \"image_url\"").contains("only \"text\" parts"),
                m -> assertThat(m).contains("more than one shape"),
                m -> assertThat(m).isEqualTo("\"completion\" is missing"));
        assertThat(read.source().records()).isEqualTo(2);
        assertThat(read.source().skipped()).isEqualTo(10);
    }

    @Test
    void aLineThatIsNotUtf8IsReportedAndTheRestIsRead() throws IOException {
        Path file = dir.resolve("mixed.jsonl");
        byte[] bad = "{\"text\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        byte[] good = "\n{\"text\": \"ok\"}\r\n".getBytes(StandardCharsets.UTF_8);
        Files.write(file, concat(bad, good));

        SftFile read = SftJsonlReader.read(file);

        assertThat(read.problems()).containsExactly(new DataProblem(file + ":1", "not valid UTF-8"));
        assertThat(read.examples()).containsExactly(new SftExample.Text("ok", file + ":2"));
    }

    @Test
    void aByteOrderMarkAndALastLineWithoutBreakAreRead() throws IOException {
        Path file = dir.resolve("bom.jsonl");
        Files.write(file, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "{\"text\": \"first\"}\n{\"text\": \"last\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(SftJsonlReader.read(file).examples()).extracting(e -> ((SftExample.Text) e).text())
                .containsExactly("first", "last");
    }

    @Test
    void theSourceCarriesTheSha256OfTheFileBytes() throws Exception {
        Path file = file("{\"text\": \"hash me\"}", "not json");

        DataSource source = SftJsonlReader.read(file).source();

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertThat(source).isEqualTo(new DataSource(file, expected, 1, 1));
    }

    @Test
    void aFileWithoutAUsableRecordFailsNamingTheFileAndTheFirstProblems() throws IOException {
        Path file = file("{\"oops\": 1}", "nonsense", "{\"text\": \"\"}", "{}", "{}", "{}", "{}");

        assertThatThrownBy(() -> SftJsonlReader.read(file))
                .isInstanceOf(SftDataException.class)
                .hasMessageContaining("no usable record in " + file)
                .hasMessageContaining(file + ":1: none of the shapes")
                .hasMessageContaining(file + ":2: invalid JSON")
                .hasMessageContaining(file + ":3: \"text\" is empty")
                .hasMessageContaining("and 2 more")
                .satisfies(e -> assertThat(((SftDataException) e).problems()).hasSize(7));
    }

    @Test
    void anEmptyFileAndAMissingFileFailNamingTheFile() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n\n");
        Path missing = dir.resolve("missing.jsonl");

        assertThatThrownBy(() -> SftJsonlReader.read(empty)).isInstanceOf(SftDataException.class)
                .hasMessage("no usable record in " + empty + ": the file has no records");
        assertThatThrownBy(() -> SftJsonlReader.read(missing)).isInstanceOf(SftDataException.class)
                .hasMessage("no such training data file: " + missing);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
