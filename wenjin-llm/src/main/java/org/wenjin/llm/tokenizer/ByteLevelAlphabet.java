package org.wenjin.llm.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * GPT-2's reversible map between the 256 byte values and 256 printable characters
 * ({@code bytes_to_unicode} in openai/gpt-2 {@code encoder.py}), in which byte-level BPE vocabularies
 * store their tokens. Printable Latin-1 bytes ({@code !}..{@code ~}, {@code ¡}..{@code ¬},
 * {@code ®}..{@code ÿ}) stand for themselves; the other 68 bytes (controls, space, soft hyphen, ...)
 * take the characters from U+0100 upwards in byte order, so the space byte is {@code Ġ} (U+0120) and
 * the newline byte {@code Ċ} (U+010A).
 */
final class ByteLevelAlphabet {

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[0x144];

    static {
        Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + next++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    /** The character standing for a byte. */
    static char charOf(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte];
    }

    /** The UTF-8 bytes of {@code text}, one alphabet character per byte. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(chars);
    }

    /**
     * The bytes a token's text stands for. A character outside the alphabet (only possible in a
     * malformed vocabulary) stands for its own UTF-8 bytes.
     */
    static byte[] decode(String token) {
        byte[] bytes = new byte[token.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = token.charAt(i);
            if (c >= CHAR_TO_BYTE.length || CHAR_TO_BYTE[c] < 0) {
                return decodeMixed(token);
            }
            bytes[i] = (byte) CHAR_TO_BYTE[c];
        }
        return bytes;
    }

    private static byte[] decodeMixed(String token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(token.length());
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            if (cp < CHAR_TO_BYTE.length && CHAR_TO_BYTE[cp] >= 0) {
                out.write(CHAR_TO_BYTE[cp]);
            } else {
                out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
            }
            i += Character.charCount(cp);
        }
        return out.toByteArray();
    }
}
