package org.wenjin.media.speech;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.wenjin.media.MediaException;

/**
 * Linear PCM audio and its RIFF/WAVE file form (Microsoft's "Multimedia Programming Interface and Data
 * Specifications 1.0", 1991: a RIFF chunk of form WAVE holding a 16-byte "fmt " chunk and a "data" chunk).
 * Samples are little-endian, interleaved by channel.
 */
public record WaveAudio(int sampleRate, int channels, int bitsPerSample, byte[] samples) {
    private static final int PCM_FORMAT = 1;
    private static final int HEADER_BYTES = 44;

    public WaveAudio {
        if (sampleRate <= 0 || channels <= 0 || bitsPerSample <= 0 || bitsPerSample % 8 != 0) {
            throw new IllegalArgumentException("bad PCM format: " + sampleRate + " Hz, " + channels + " channels, "
                    + bitsPerSample + " bits");
        }
    }

    public int frameBytes() {
        return channels * bitsPerSample / 8;
    }

    public long frames() {
        return samples.length / frameBytes();
    }

    public Duration duration() {
        return Duration.ofNanos(frames() * 1_000_000_000L / sampleRate);
    }

    public boolean sameFormat(WaveAudio other) {
        return sampleRate == other.sampleRate && channels == other.channels && bitsPerSample == other.bitsPerSample;
    }

    /** The pieces one after another; they must share one format. */
    public static WaveAudio concatenate(List<WaveAudio> pieces) {
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        WaveAudio first = pieces.getFirst();
        int total = 0;
        for (WaveAudio piece : pieces) {
            if (!piece.sameFormat(first)) {
                throw new MediaException("cannot join audio of " + piece.sampleRate + " Hz/" + piece.channels
                        + " ch to audio of " + first.sampleRate + " Hz/" + first.channels + " ch");
            }
            total = Math.addExact(total, piece.samples.length);
        }
        byte[] joined = new byte[total];
        int at = 0;
        for (WaveAudio piece : pieces) {
            System.arraycopy(piece.samples, 0, joined, at, piece.samples.length);
            at += piece.samples.length;
        }
        return new WaveAudio(first.sampleRate, first.channels, first.bitsPerSample, joined);
    }

    /** {@code duration} of silence in this audio's format. */
    public WaveAudio silence(Duration duration) {
        long frames = duration.toNanos() * sampleRate / 1_000_000_000L;
        return new WaveAudio(sampleRate, channels, bitsPerSample, new byte[Math.toIntExact(frames * frameBytes())]);
    }

    /** The canonical 44-byte header followed by the samples. */
    public byte[] toWav() {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(HEADER_BYTES - 8 + samples.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) PCM_FORMAT).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * frameBytes()).putShort((short) frameBytes()).putShort((short) bitsPerSample)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length);
        byte[] wav = Arrays.copyOf(header.array(), HEADER_BYTES + samples.length);
        System.arraycopy(samples, 0, wav, HEADER_BYTES, samples.length);
        return wav;
    }

    public void write(Path file) throws IOException {
        Files.write(file, toWav());
    }

    public void write(OutputStream out) throws IOException {
        out.write(toWav());
    }

    public static WaveAudio read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /**
     * Parses a WAVE file, walking its chunks rather than assuming the 44-byte layout. A streaming writer
     * (espeak-ng --stdout) cannot know the length up front and puts 0x7ffff000 or 0xffffffff in the size
     * fields, so a data chunk that claims more than is there is read to the end of the bytes.
     */
    public static WaveAudio parse(byte[] bytes, String source) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !tag(in, 0).equals("RIFF") || !tag(in, 8).equals("WAVE")) {
            throw new MediaException(source + ": not a RIFF/WAVE file (offset 0)");
        }
        int at = 12;
        int sampleRate = 0;
        int channels = 0;
        int bits = 0;
        while (at + 8 <= bytes.length) {
            String id = tag(in, at);
            long size = Integer.toUnsignedLong(in.getInt(at + 4));
            int body = at + 8;
            if (id.equals("fmt ")) {
                int format = Short.toUnsignedInt(in.getShort(body));
                if (format != PCM_FORMAT) {
                    throw new MediaException(source + ": WAVE format " + format + " at offset " + body
                            + " is not linear PCM (1)");
                }
                channels = Short.toUnsignedInt(in.getShort(body + 2));
                sampleRate = in.getInt(body + 4);
                bits = Short.toUnsignedInt(in.getShort(body + 14));
            } else if (id.equals("data")) {
                if (sampleRate == 0) {
                    throw new MediaException(source + ": data chunk at offset " + at + " before the fmt chunk");
                }
                int length = (int) Math.min(size, bytes.length - body);
                length -= length % (channels * bits / 8);
                return new WaveAudio(sampleRate, channels, bits, Arrays.copyOfRange(bytes, body, body + length));
            }
            at = Math.toIntExact(body + size + (size & 1));
        }
        throw new MediaException(source + ": no data chunk in the WAVE file");
    }

    private static String tag(ByteBuffer in, int at) {
        byte[] four = new byte[4];
        in.get(at, four);
        return new String(four, StandardCharsets.US_ASCII);
    }
}
