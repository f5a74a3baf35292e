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
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the engine against llama.cpp itself: the native library bundled in the
 * {@code de.kherud:llama} jar (llama.cpp with ggml linked in) is loaded through the FFM API and its
 * own {@code dequantize_row_*}, {@code ggml_fp16_to_fp32_row} and {@code ggml_bf16_to_fp32_row}
 * decode the same random blocks as our tensors; the results must be the same bits. Its type table
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
}
