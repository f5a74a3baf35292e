package org.wenjin.llm.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wenjin.llm.tensor.FloatTensor;
import org.wenjin.llm.tensor.SeededRandom;

/**
 * Seeded random damage to the real test files (flipped bytes, truncations, counts and lengths
 * overwritten with large or random numbers): the reader either accepts the file, and then every
 * value and tensor it hands out can be read, or throws {@link GgufFormatException}. Anything else
 * (another exception, an out-of-memory error) fails with the seed that replays it.
 */
@ExtendWith(SeededRandom.class)
class GgufFuzzTest {

    @ParameterizedTest
    @CsvSource({
        "stories260K.gguf,            250",
        "ggml-vocab-llama-spm.gguf,   150",
        "ggml-vocab-baichuan.gguf,    100",
        "ggml-vocab-deepseek-llm.gguf, 40",
    })
    void damagedFilesAreReadOrRejectedWithAFormatError(String name, int mutations, Random random) throws IOException {
        Path path = GgufFileTest.testdata(name);
        byte[] original = Files.readAllBytes(path);
        long headerEnd;
        try (GgufFile gguf = GgufFile.open(path)) {
            headerEnd = Math.min(gguf.dataOffset(), original.length);
        }
        int accepted = 0;
        mutations *= Integer.getInteger("tests.multiplier", 1); // longer runs: -Dtests.multiplier=N
        for (int i = 0; i < mutations; i++) {
            byte[] bytes = original.clone();
            String damage = damage(bytes, (int) headerEnd, random);
            int length = bytes.length;
            if (damage.startsWith("truncate")) {
                length = Integer.parseInt(damage.substring("truncate to ".length()));
            }
            MemorySegment segment = MemorySegment.ofArray(bytes).asSlice(0, length);
            try (GgufFile gguf = GgufFile.parse(path, segment)) {
                readEverything(gguf);
                accepted++;
            } catch (GgufFormatException expected) {
                // rejected with a format error: fine
            } catch (Throwable t) {
                throw new AssertionError(name + " mutation " + i + " (" + damage + ") threw " + t, t);
            }
        }
        System.out.printf("%s: %d of %d damaged copies still readable%n", name, accepted, mutations);
    }

    /** Damages {@code bytes} in place, mostly within the header (before the tensor data). */
    private static String damage(byte[] bytes, int headerEnd, Random random) {
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = random.nextInt(Math.max(1, headerEnd - 8));
        switch (random.nextInt(5)) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    bytes[random.nextInt(headerEnd)] ^= (byte) (1 << random.nextInt(8));
                }
                return flips + " bit flips";
            }
            case 1 -> {
                return "truncate to " + random.nextInt(bytes.length);
            }
            case 2 -> {
                long big = switch (random.nextInt(4)) {
                    case 0 -> -1L;
                    case 1 -> 1L << (32 + random.nextInt(31));
                    case 2 -> random.nextLong();
                    default -> random.nextInt(1 << 20);
                };
                // A count or length field: the header counts, or a random 8 bytes in the metadata.
                int field = random.nextBoolean() ? 8 + 8 * random.nextInt(2) : at;
                le.putLong(field, big);
                return "uint64 at " + field + " = " + Long.toUnsignedString(big);
            }
            case 3 -> {
                int v = random.nextInt(64);
                le.putInt(at, v);
                return "uint32 at " + at + " = " + v;
            }
            default -> {
                bytes[at] = (byte) random.nextInt(256);
                return "byte at " + at + " randomized";
            }
        }
    }

    /** Everything a caller can get from an accepted file must be readable. */
    private static void readEverything(GgufFile gguf) {
        gguf.metadata().forEach((key, value) -> {
            value.toString();
            switch (value.type()) {
                case STRING -> gguf.getString(key);
                case FLOAT32, FLOAT64 -> gguf.getDouble(key);
                case BOOL -> gguf.getBoolean(key);
                case ARRAY -> {
                    switch (value.elementType()) {
                        case STRING -> gguf.getStringArray(key);
                        case FLOAT32, FLOAT64 -> gguf.getFloatArray(key);
                        case BOOL -> value.asBooleanArray();
                        default -> gguf.getLongArray(key);
                    }
                }
                default -> gguf.getLong(key);
            }
        });
        for (GgufTensorInfo info : gguf.tensors()) {
            gguf.tensorData(info.name());
            if (info.type().hasKernels()) {
                FloatTensor t = gguf.tensor(info.name());
                if (t.size() > 0) {
                    t.getFloat(0);
                    t.getFloat(t.size() - 1);
                    int row = (int) Math.min(info.dimension(0), t.size());
                    t.dot(0, new float[row], 0, row);
                }
            }
        }
    }
}
