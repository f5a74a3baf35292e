package org.wenjin.retrieval.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextDecoderTest {

    private static final String TEXT = "文心一言 ERNIE Bot：知识增强。";

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    @Test
    void plainUtf8() throws Exception {
        assertThat(TextDecoder.decode(TEXT.getBytes(StandardCharsets.UTF_8))).isEqualTo(TEXT);
    }

    @Test
    void utf8WithAByteOrderMarkLosesTheMark() throws Exception {
        byte[] bytes = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, TEXT.getBytes(StandardCharsets.UTF_8));
        assertThat(TextDecoder.decode(bytes)).isEqualTo(TEXT);
    }

    @Test
    void utf16InBothByteOrdersIsRecognisedByItsMark() throws Exception {
        byte[] little = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, TEXT.getBytes(StandardCharsets.UTF_16LE));
        byte[] big = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, TEXT.getBytes(StandardCharsets.UTF_16BE));
        assertThat(TextDecoder.decode(little)).isEqualTo(TEXT);
        assertThat(TextDecoder.decode(big)).isEqualTo(TEXT);
    }

    @Test
    void bytesThatAreNotUtf8AreReadAsGb18030() throws Exception {
        byte[] gbk = TEXT.getBytes(Charset.forName("GBK"));
        assertThat(TextDecoder.decode(gbk)).isEqualTo(TEXT);
        byte[] gb18030 = "一个生僻字：㐀，和表情😀".getBytes(Charset.forName("GB18030"));
        assertThat(TextDecoder.decode(gb18030)).isEqualTo("一个生僻字：㐀，和表情😀");
    }

    @Test
    void aNulByteMeansBinaryAndTheMessageSaysWhere() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D};
        assertThatThrownBy(() -> TextDecoder.decode(png))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessageContaining("binary")
                .hasMessageContaining("offset 8");
    }

    @Test
    void bytesValidInNeitherEncodingAreRejectedWithBothOffsets() {
        byte[] bytes = concat("ok ".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xFF, (byte) 0xFF, 'x'});
        assertThatThrownBy(() -> TextDecoder.decode(bytes))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessage("not valid UTF-8 (bad byte at offset 3) or GB18030 (bad byte at offset 3) text");
    }

    @Test
    void manyControlCharactersMeanBinary() {
        byte[] bytes = new byte[400];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i % 3 == 0 ? 0x01 : 'a');
        }
        assertThatThrownBy(() -> TextDecoder.decode(bytes)).hasMessageContaining("control characters");
    }

    @Test
    void aFewControlCharactersAreStillText() throws Exception {
        String log = "line one\f\u001B[0m\nline two with enough text around the stray codes to be a real file";
        assertThat(TextDecoder.decode(log.getBytes(StandardCharsets.UTF_8))).isEqualTo(log);
    }
}
