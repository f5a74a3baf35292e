package org.wenjin.llm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the engine against llama.cpp itself: the native library bundled in the
 * {@code de.kherud:llama} jar (llama.cpp with ggml linked in) is loaded through the FFM API and its
 * own {@code dequantize_row_*}, {@code ggml_fp16_to_fp32_row} and {@code ggml_bf16_to_fp32_row}
 * decode the same random blocks as our tensors; the results must be the same bits. Its reference
 * quantizers ({@code quantize_row_*_ref}, {@code ggml_fp32_to_fp16_row},
 * {@code ggml_fp32_to_bf16_row_ref}), the ones llama.cpp writes model files with, encode the same
 * rows as {@link FloatTensor#quantize}; the results must be the same bytes (and Q8_0's rounding
 * must be the C library's {@code roundf}). Its type table
 * ({@code ggml_type_name}, {@code ggml_blck_size}, {@code ggml_type_size}) must match
 * {@link GgmlType}.
 */
@ExtendWith(SeededRandom.class)
class GgmlOracleTest {

    private static final String LIBRARY = "de/kherud/llama/Linux/x86_64/libjllama.so";

    private static Arena arena;
    private static SymbolLookup ggml;
    private static Path directory;

    @BeforeAll
    static void loadLlamaCpp() throws IOException {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                        && Set.of("amd64", "x86_64").contains(System.getProperty("os.arch")),
                "the bundled llama.cpp library checked here is the Linux x86_64 one");
        directory = Files.createTempDirectory("ggml-oracle");
        Path library = directory.resolve("libjllama.so");
        try (InputStream in = GgmlOracleTest.class.getClassLoader().getResourceAsStream(LIBRARY)) {
            assertThat(in).as("%s on the test class path (dependency de.kherud:llama)", LIBRARY).isNotNull();
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
        }
        arena = Arena.ofShared();
        ggml = SymbolLookup.libraryLookup(library, arena);
        // Fills ggml's half-to-float lookup table, which GGML_FP16_TO_FP32 in the dequantizers reads.
        try {
            MethodHandle init = function("ggml_cpu_init", FunctionDescriptor.ofVoid());
            init.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("ggml_cpu_init failed", t);
        }
    }

    @AfterAll
    static void unload() throws IOException {
        if (arena != null) {
            arena.close();
        }
        if (directory != null) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(directory);
        }
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = ggml.find(name).orElseThrow(() -> new AssertionError("llama.cpp exports no " + name));
        return Linker.nativeLinker().downcallHandle(symbol, descriptor);
    }

    /** ggml's name for a type: lower case, but the K of the k-quants stays upper case ("q4_K"). */
    private static String ggmlName(GgmlType type) {
        return type.name().toLowerCase(Locale.ROOT).replace("_k", "_K");
    }

    @Test
    void theTypeTableMatchesGgmls() throws Throwable {
        MethodHandle name = function("ggml_type_name", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle blockSize = function("ggml_blck_size", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        MethodHandle typeSize = function("ggml_type_size", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        int checked = 0;
        for (GgmlType type : GgmlType.values()) {
            // MXFP4 (id 39) is newer than the bundled llama.cpp, whose type table ends at 38.
            if (type == GgmlType.MXFP4) {
                continue;
            }
            MemorySegment cName = (MemorySegment) name.invokeExact(type.id());
            assertThat(cName.reinterpret(64).getString(0)).as("name of type %d", type.id()).isEqualTo(ggmlName(type));
            assertThat((long) blockSize.invokeExact(type.id())).as("%s block size", type).isEqualTo(type.blockSize());
            assertThat((long) typeSize.invokeExact(type.id())).as("%s block bytes", type).isEqualTo(type.bytesPerBlock());
            checked++;
        }
        assertThat(checked).isEqualTo(GgmlType.values().length - 1);
    }

    static Stream<GgmlType> decodedTypes() {
        return Arrays.stream(GgmlType.values()).filter(t -> t.hasKernels() && t != GgmlType.F32);
    }

    @ParameterizedTest
    @MethodSource("decodedTypes")
    void dequantizationIsBitExactWithLlamaCpp(GgmlType type, Random random) throws Throwable {
        String symbol = switch (type) {
            case F16 -> "ggml_fp16_to_fp32_row";
            case BF16 -> "ggml_bf16_to_fp32_row";
            default -> "dequantize_row_" + ggmlName(type);
        };
        MethodHandle decode = function(symbol,
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        int blocks = Math.max(64, 8192 / type.blockSize());
        int n = blocks * type.blockSize();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment data = call.allocate((long) blocks * type.bytesPerBlock(), 64);
            data.copyFrom(RandomBlocks.of(type, blocks, random));
            MemorySegment out = call.allocate((long) n * 4, 64);
            decode.invokeExact(data, out, (long) n);
            float[] expected = out.toArray(ValueLayout.JAVA_FLOAT);

            FloatTensor tensor = FloatTensor.of(type, data, n);
            float[] actual = new float[n];
            tensor.copyTo(0, actual, 0, n);
            for (int i = 0; i < n; i++) {
                if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                    throw new AssertionError(type + " value " + i + " (block " + i / type.blockSize() + "): llama.cpp "
                            + expected[i] + " (0x" + Integer.toHexString(Float.floatToRawIntBits(expected[i]))
                            + "), ours " + actual[i] + " (0x" + Integer.toHexString(Float.floatToRawIntBits(actual[i])) + ")");
                }
                if (Float.floatToRawIntBits(tensor.getFloat(i)) != Float.floatToRawIntBits(expected[i])) {
                    throw new AssertionError(type + " getFloat(" + i + ") " + tensor.getFloat(i) + ", llama.cpp " + expected[i]);
                }
            }
        }
    }

    /** The rows the quantizers encode: weights at several scales, and the edge cases of each quantizer. */
    enum Row {
        /** Gaussian, 1 value in 64 drawn 8x wider ({@link RandomBlocks#gaussian}), as weights are. */
        WEIGHTS,
        /** The same, 1000x smaller. */
        SMALL_WEIGHTS,
        /** The same, 1000x larger. */
        LARGE_WEIGHTS,
        /** Gaussian with one value of 10^4 in the row: its block's grid is 10^4 wide. */
        ONE_HUGE_OUTLIER,
        /** All zero: every scale 0. */
        ZEROS,
        /** Gaussian times 10^-30: below k-quants' GROUP_MAX_EPS (10^-15), and half-precision scales flush to 0. */
        TINY,
        /** Gaussian times 10^-40, subnormal floats: a block's scale overflows its reciprocal. */
        SUBNORMAL,
        /** -|Gaussian|: every k-quant sub-block has a min and no positive range. */
        NEGATIVE_ONLY,
        /** |Gaussian| + 1: min 0 is below every value. */
        POSITIVE_ONLY,
        /** One random value repeated: max == min. */
        CONSTANT,
        /** Mostly zeros, 1 value in 40 Gaussian: whole sub-blocks of zeros next to non-zero ones. */
        SPARSE,
        /** Multiples of 1/2 in [-8, 8]: values land on rounding ties. */
        HALVES,
        /** +0, -0 and a few values: C's comparisons and Java's Math.min order signed zeros differently. */
        SIGNED_ZEROS;

        float[] values(int n, Random random) {
            float[] gaussian = RandomBlocks.gaussian(n, random);
            float[] v = new float[n];
            float constant = (float) random.nextGaussian();
            for (int i = 0; i < n; i++) {
                float g = gaussian[i];
                v[i] = switch (this) {
                    case WEIGHTS, ONE_HUGE_OUTLIER -> g;
                    case SMALL_WEIGHTS -> g * 1e-3f;
                    case LARGE_WEIGHTS -> g * 1e3f;
                    case ZEROS -> 0f;
                    case TINY -> g * 1e-30f;
                    case SUBNORMAL -> g * 1e-40f;
                    case NEGATIVE_ONLY -> -Math.abs(g);
                    case POSITIVE_ONLY -> Math.abs(g) + 1f;
                    case CONSTANT -> constant;
                    case SPARSE -> random.nextInt(40) == 0 ? g : 0f;
                    case HALVES -> (random.nextInt(33) - 16) / 2f;
                    case SIGNED_ZEROS -> random.nextInt(8) == 0 ? g : random.nextBoolean() ? 0f : -0f;
                };
            }
            if (this == ONE_HUGE_OUTLIER) {
                v[random.nextInt(n)] = random.nextBoolean() ? 1e4f : -1e4f;
            }
            return v;
        }
    }

    static Stream<Arguments> quantizedRows() {
        return Stream.of(GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0,
                        GgmlType.Q5_1, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K)
                .flatMap(type -> Arrays.stream(Row.values()).map(row -> Arguments.of(type, row)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("quantizedRows")
    void quantizationIsBitExactWithLlamaCpp(GgmlType type, Row row, Random random) throws Throwable {
        String symbol = switch (type) {
            case F16 -> "ggml_fp32_to_fp16_row";
            case BF16 -> "ggml_fp32_to_bf16_row_ref";
            default -> "quantize_row_" + ggmlName(type) + "_ref";
        };
        MethodHandle encode = function(symbol,
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        // Rows of 1 to 16 super-blocks of 256, a whole number of blocks of every type.
        for (int r = 0; r < 3; r++) {
            int n = 256 * (1 + random.nextInt(16));
            float[] values = row.values(n, random);
            try (Arena call = Arena.ofConfined()) {
                MemorySegment x = call.allocateFrom(ValueLayout.JAVA_FLOAT, values);
                MemorySegment y = call.allocate(type.byteSize(n), 64);
                encode.invokeExact(x, y, (long) n);
                byte[] expected = y.toArray(ValueLayout.JAVA_BYTE);
                byte[] actual = FloatTensor.quantize(type, values).data.toArray(ValueLayout.JAVA_BYTE);
                int mismatch = Arrays.mismatch(expected, actual);
                if (mismatch >= 0) {
                    int block = mismatch / type.bytesPerBlock();
                    throw new AssertionError(type + " " + row + " row of " + n + ": byte " + mismatch + " (block " + block
                            + ", byte " + mismatch % type.bytesPerBlock() + ") differs\n  llama.cpp "
                            + hex(expected, block, type) + "\n  ours      " + hex(actual, block, type)
                            + "\n  values    " + Arrays.toString(Arrays.copyOfRange(values,
                                    block * type.blockSize(), (block + 1) * type.blockSize())));
                }
            }
        }
    }

    @Test
    void q8RoundingIsCsRoundf(Random random) throws Throwable {
        // ggml's quantize_row_q8_0_ref stores (int8_t) roundf(v); the C library's roundf is the reference.
        MethodHandle roundf = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("roundf").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_FLOAT, ValueLayout.JAVA_FLOAT));
        float[] edges = {0f, -0f, 0.49999997f, -0.49999997f, 0.5f, -0.5f, 1.5f, 2.5f, -2.5f, 126.5f, -127.5f,
            0x1p23f - 0.5f, 0x1p23f + 1, -0x1p23f - 1, 0x1p31f, -0x1p31f, 1e30f, Float.MIN_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        for (float v : edges) {
            assertThat(GgmlRounding.roundf(v)).as("roundf(%s)", v)
                    .isEqualTo(GgmlRounding.truncate((float) roundf.invokeExact(v)));
        }
        for (int i = 0; i < 100_000; i++) {
            // Near halves, where adding 0.5 in float can round the wrong way, and anywhere in Q8_0's range.
            float v = i % 2 == 0
                    ? Math.nextAfter(random.nextInt(256) - 128 + 0.5f, random.nextBoolean() ? 1e9 : -1e9)
                    : (random.nextFloat() * 2 - 1) * 128;
            assertThat(GgmlRounding.roundf(v)).as("roundf(%s)", v)
                    .isEqualTo(GgmlRounding.truncate((float) roundf.invokeExact(v)));
        }
    }

    private static String hex(byte[] bytes, int block, GgmlType type) {
        int from = block * type.bytesPerBlock();
        StringBuilder s = new StringBuilder();
        for (int i = from; i < from + type.bytesPerBlock(); i++) {
            s.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return s.toString();
    }
}
