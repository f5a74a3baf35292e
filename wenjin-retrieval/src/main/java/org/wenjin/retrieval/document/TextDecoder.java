package org.wenjin.retrieval.document;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns the bytes of a text file into a string, working out the encoding.
 *
 * <p>A byte-order mark decides (UTF-8, UTF-16 or UTF-32, Unicode 16.0 §23.8). Without one the bytes
 * must be valid UTF-8, or else valid GB18030, the Chinese national encoding that contains GBK and
 * GB2312, so older Chinese files written on Windows read correctly. Bytes that are neither, or that
 * contain NUL or many other control characters, are not text.
 */
public final class TextDecoder {

    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE");

    private TextDecoder() {
    }

    public static String decode(byte[] bytes) throws UnreadableDocumentException {
        Optional<Bom> bom = Bom.of(bytes);
        if (bom.isPresent()) {
            Bom mark = bom.get();
            try {
                return checked(decodeStrictly(bytes, mark.length(), mark.charset()));
            } catch (MalformedText e) {
                throw new UnreadableDocumentException("not valid " + mark.charset().name()
                        + " text, although it starts with that byte-order mark (bad byte at offset "
                        + (mark.length() + e.offset) + ")");
            }
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new UnreadableDocumentException(
                        "binary content: NUL byte at offset " + i + " (UTF-16 text needs a byte-order mark)");
            }
        }
        try {
            return checked(decodeStrictly(bytes, 0, StandardCharsets.UTF_8));
        } catch (MalformedText notUtf8) {
            try {
                return checked(decodeStrictly(bytes, 0, GB18030));
            } catch (MalformedText notGb18030) {
                throw new UnreadableDocumentException("not valid UTF-8 (bad byte at offset " + notUtf8.offset
                        + ") or GB18030 (bad byte at offset " + notGb18030.offset + ") text");
            }
        }
    }

    /** Decodes {@code bytes} in {@code charset}, which a declaration such as an HTML meta tag named. */
    public static String decode(byte[] bytes, Charset charset) throws UnreadableDocumentException {
        try {
            return checked(decodeStrictly(bytes, 0, charset));
        } catch (MalformedText e) {
            throw new UnreadableDocumentException(
                    "not valid " + charset.name() + " text (bad byte at offset " + e.offset + ")");
        }
    }

    /** Whether the bytes start with a Unicode byte-order mark, which overrides any declared charset. */
    public static boolean hasByteOrderMark(byte[] bytes) {
        return Bom.of(bytes).isPresent();
    }

    private static String decodeStrictly(byte[] bytes, int from, Charset charset) throws MalformedText {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from).slice();
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16L,
                (long) Math.ceil((bytes.length - from) * (double) decoder.maxCharsPerByte()) + 1));
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new MalformedText(in.position());
        }
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Rejects decoded text with more stray control characters than a real text file has. */
    private static String checked(String text) throws UnreadableDocumentException {
        int controls = 0;
        int first = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F || c == 0) {
                if (first < 0) {
                    first = i;
                }
                controls++;
            }
        }
        // A form feed or an escape code in a log is text; binary data has them everywhere.
        if (controls > Math.max(2, text.length() / 200)) {
            throw new UnreadableDocumentException("binary content: " + controls
                    + " control characters, the first at character " + first);
        }
        return text;
    }

    private record Bom(Charset charset, int length) {

        static Optional<Bom> of(byte[] b) {
            if (startsWith(b, 0xEF, 0xBB, 0xBF)) {
                return Optional.of(new Bom(StandardCharsets.UTF_8, 3));
            }
            if (startsWith(b, 0xFF, 0xFE, 0x00, 0x00)) {
                return Optional.of(new Bom(UTF_32LE, 4)); // before UTF-16LE, whose mark is its prefix
            }
            if (startsWith(b, 0x00, 0x00, 0xFE, 0xFF)) {
                return Optional.of(new Bom(UTF_32BE, 4));
            }
            if (startsWith(b, 0xFE, 0xFF)) {
                return Optional.of(new Bom(StandardCharsets.UTF_16BE, 2));
            }
            if (startsWith(b, 0xFF, 0xFE)) {
                return Optional.of(new Bom(StandardCharsets.UTF_16LE, 2));
            }
            return Optional.empty();
        }

        private static boolean startsWith(byte[] bytes, int... prefix) {
            if (bytes.length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if ((bytes[i] & 0xFF) != prefix[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class MalformedText extends Exception {
        final int offset;

        MalformedText(int offset) {
            super(null, null, false, false);
            this.offset = offset;
        }
    }
}
