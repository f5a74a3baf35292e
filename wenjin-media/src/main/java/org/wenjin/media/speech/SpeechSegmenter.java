package org.wenjin.media.speech;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into what espeak-ng reads in one call: first into sentences (at 。！？；!?; and line breaks, and at
 * a full stop followed by a space), then each sentence into runs of one script, Han text for the Mandarin voice
 * and Latin text for the English one. Digits, spaces and punctuation stay with the run they sit in, so
 * "2025年" is read in Mandarin and "GPT-4 is" in English.
 */
public final class SpeechSegmenter {
    private final Voice fixedVoice;

    /** Picks the voice of each run from its script. */
    public SpeechSegmenter() {
        this(null);
    }

    /** Reads everything with {@code fixedVoice}, or picks per run when it is null. */
    public SpeechSegmenter(Voice fixedVoice) {
        this.fixedVoice = fixedVoice;
    }

    public List<SpeechSegment> segments(String text) {
        List<SpeechSegment> segments = new ArrayList<>();
        for (String sentence : sentences(text)) {
            List<SpeechSegment> runs = fixedVoice != null
                    ? List.of(new SpeechSegment(sentence, fixedVoice, false))
                    : runs(sentence);
            for (int i = 0; i < runs.size(); i++) {
                SpeechSegment run = runs.get(i);
                segments.add(new SpeechSegment(run.text(), run.voice(), i == runs.size() - 1));
            }
        }
        return segments;
    }

    /** The sentences of {@code text}, each with its closing punctuation, blank ones dropped. */
    public static List<String> sentences(String text) {
        List<String> sentences = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n' || c == '\r') {
                flush(current, sentences);
                continue;
            }
            current.appendCodePoint(c);
            boolean end = switch (c) {
                case '。', '！', '？', '；', '!', '?', ';', '…' -> true;
                case '.' -> i >= text.length() || Character.isWhitespace(text.charAt(i));
                default -> false;
            };
            if (end) {
                // Closing quotes and brackets belong to the sentence they close.
                while (i < text.length() && "”’」』）)\"'".indexOf(text.charAt(i)) >= 0) {
                    current.append(text.charAt(i++));
                }
                flush(current, sentences);
            }
        }
        flush(current, sentences);
        return sentences;
    }

    private static void flush(StringBuilder current, List<String> sentences) {
        String sentence = current.toString().strip();
        if (!sentence.isEmpty() && sentence.codePoints().anyMatch(Character::isLetterOrDigit)) {
            sentences.add(sentence);
        }
        current.setLength(0);
    }

    private static List<SpeechSegment> runs(String sentence) {
        List<SpeechSegment> runs = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        Voice runVoice = null;
        int i = 0;
        while (i < sentence.length()) {
            int c = sentence.codePointAt(i);
            i += Character.charCount(c);
            Voice voice = scriptVoice(c);
            if (voice != null && runVoice != null && voice != runVoice) {
                add(runs, run, runVoice);
            }
            if (voice != null) {
                runVoice = voice;
            }
            run.appendCodePoint(c);
        }
        add(runs, run, runVoice == null ? Voice.MANDARIN : runVoice);
        return runs;
    }

    private static void add(List<SpeechSegment> runs, StringBuilder run, Voice voice) {
        String text = run.toString().strip();
        if (!text.isEmpty() && text.codePoints().anyMatch(Character::isLetterOrDigit)) {
            runs.add(new SpeechSegment(text, voice, false));
        }
        run.setLength(0);
    }

    /** The voice a letter asks for, or null for digits, spaces and punctuation that go with either. */
    private static Voice scriptVoice(int c) {
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        if (script == Character.UnicodeScript.HAN) {
            return Voice.MANDARIN;
        }
        if (script == Character.UnicodeScript.LATIN && Character.isLetter(c)) {
            return Voice.ENGLISH;
        }
        return null;
    }
}
