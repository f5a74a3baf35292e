package org.wenjin.knowledge.extraction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Cuts a document's text into passages of whole paragraphs (blank-line separated), each at most a given
 * length where the paragraphs allow: short paragraphs are joined, and a paragraph longer than the limit is
 * cut after the last sentence end (。！？.!?) that fits.
 */
public final class Passages {
    /** Hex digits of the passage hash in its source name: 48 bits, unique among the passages of any document. */
    private static final int NAME_HEX_DIGITS = 12;

    private Passages() {
    }

    public static List<Passage> of(String document, String text, int maxChars) {
        List<String> pieces = new ArrayList<>();
        for (String paragraph : text.replace("\r\n", "\n").split("\n\\s*\n")) {
            String p = paragraph.strip();
            while (p.length() > maxChars) {
                int cut = sentenceEnd(p, maxChars);
                pieces.add(p.substring(0, cut).strip());
                p = p.substring(cut).strip();
            }
            if (!p.isEmpty()) {
                pieces.add(p);
            }
        }
        List<String> joined = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String piece : pieces) {
            if (!current.isEmpty() && current.length() + 2 + piece.length() > maxChars) {
                joined.add(current.toString());
                current.setLength(0);
            }
            current.append(current.isEmpty() ? "" : "\n\n").append(piece);
        }
        if (!current.isEmpty()) {
            joined.add(current.toString());
        }
        List<Passage> passages = new ArrayList<>();
        for (String passage : joined) {
            String hash = sha256(passage);
            passages.add(new Passage(document, document + "#" + hash.substring(0, NAME_HEX_DIGITS), passage, hash));
        }
        return passages;
    }

    /** Where to cut a long paragraph: after the last sentence end within the limit, or at the limit. */
    private static int sentenceEnd(String text, int maxChars) {
        for (int i = maxChars - 1; i > maxChars / 2; i--) {
            if ("。！？.!?".indexOf(text.charAt(i)) >= 0) {
                return i + 1;
            }
        }
        return maxChars;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
