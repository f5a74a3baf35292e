package org.wenjin.llm.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntConsumer;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A read-only vector of floats stored in one of ggml's formats, over a {@link MemorySegment} (usually
 * a slice of a memory-mapped GGUF file). Each storage type is one subclass that owns its
 * dequantization, which is bit-exact with ggml's {@code dequantize_row_*}, and its Vector API dot
 * product; a plain scalar dot product over the dequantized values stands beside it as the reference
 * the fast one is tested against.
 *
 * <p>A matrix of {@code rows} x {@code cols} is stored row-major, row {@code r} starting at element
 * {@code r * cols}, as ggml stores a 2-D tensor with ne0 = cols.
 */
public abstract class FloatTensor {

    /** The float vector shape the kernels use: the widest the CPU has, unless at most 64 bits. */
    static final VectorSpecies<Float> F_SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Quantized bytes are loaded 16 at a time and widened into {@link #PARTS} float vectors. */
    static final VectorSpecies<Byte> B_SPECIES = ByteVector.SPECIES_128;
    static final int LANES = F_SPECIES.length();
    static final int PARTS = 16 / Math.max(LANES, 1);
    /**
     * Whether {@link #dot} uses the Vector API kernels. They need at least 4 float lanes; the system
     * property {@code wenjin.llm.vectors=false} turns them off.
     */
    static final boolean VECTORS = LANES >= 4 && LANES <= 16
            && !"false".equalsIgnoreCase(System.getProperty("wenjin.llm.vectors"));

    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    private static final ThreadLocal<float[]> BLOCK = ThreadLocal.withInitial(() -> new float[256]);
    /** One dequantized weight row of {@link #tiledRows}, per worker thread. */
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);
    /**
     * Vectors from which a batched matmul dequantizes each row once and runs the tiled float kernel: below
     * this, unpacking a row costs more than the per-vector integer kernels it spares (a prompt's chunks are
     * 64 tokens; concurrent decoding steps are usually fewer). Types whose rows unpack with vectors go lower
     * ({@link #tiledBatch()}).
     */
    static final int TILED_BATCH = 16;
    private static final ThreadLocal<QuantizedVector[]> ROUNDED = ThreadLocal.withInitial(() -> new QuantizedVector[0]);

    /** The integer kernels work on 256-bit vectors: 16 shorts, 8 ints, 8 floats. */
    static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
    static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_64;
    static final VectorSpecies<Short> S256 = ShortVector.SPECIES_256;
    static final VectorSpecies<Integer> I256 = IntVector.SPECIES_256;
    static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;
    /** Whether this CPU has 256-bit vectors (AVX2, AVX-512), which the integer kernels need to pay off. */
    static final boolean INTEGER_KERNELS = VECTORS && FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;

    private static volatile boolean roundActivations = INTEGER_KERNELS
            && Boolean.getBoolean("wenjin.llm.q8activations");

    final MemorySegment data;
    final long size;

    FloatTensor(MemorySegment data, long size) {
        this.data = data;
        this.size = size;
    }

    /**
     * A tensor of {@code size} values of {@code type} stored in {@code data}, without copying.
     *
     * @throws IllegalArgumentException if {@code data} does not hold exactly {@code size} values of
     *     {@code type}, or is a heap segment over anything but a byte[] (the Vector API reads only those)
     * @throws UnsupportedOperationException if {@code type} has no kernels
     */
    public static FloatTensor of(GgmlType type, MemorySegment data, long size) {
        Objects.requireNonNull(type, "type");
        if (data.byteSize() != type.byteSize(size)) {
            throw new IllegalArgumentException(size + " values of " + type + " take " + type.byteSize(size)
                    + " bytes, but the segment has " + data.byteSize());
        }
        if (!data.isNative() && !(data.heapBase().orElse(null) instanceof byte[])) {
            throw new IllegalArgumentException("a heap segment must be backed by a byte[]");
        }
        return switch (type) {
            case F32 -> new F32Tensor(data, size);
            case F16 -> new F16Tensor(data, size);
            case BF16 -> new BF16Tensor(data, size);
            case Q8_0 -> new Q8_0Tensor(data, size);
            case Q4_0 -> new Q4_0Tensor(data, size);
            case Q4_1 -> new Q4_1Tensor(data, size);
            case Q5_0 -> new Q5_0Tensor(data, size);
            case Q5_1 -> new Q5_1Tensor(data, size);
            case Q4_K -> new Q4KTensor(data, size);
            case Q5_K -> new Q5KTensor(data, size);
            case Q6_K -> new Q6KTensor(data, size);
            default -> throw new UnsupportedOperationException("no kernels for ggml type " + type);
        };
    }

    /**
     * Encodes {@code values} as {@code type}, quantizing where the type is quantized, into fresh
     * off-heap memory. The length must be a whole number of the type's blocks.
     *
     * @throws IllegalArgumentException if the length is not a whole number of blocks, or a quantized
     *     type is asked to encode NaN or an infinity
     */
    public static FloatTensor quantize(GgmlType type, float[] values) {
        long bytes = type.byteSize(values.length);
        MemorySegment data = Arena.ofAuto().allocate(Math.max(bytes, 1), 64).asSlice(0, bytes);
        int blockSize = type.blockSize();
        if (blockSize > 1) {
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw new IllegalArgumentException(type + " cannot encode " + values[i] + " (value " + i + ")");
                }
            }
        }
        for (int b = 0; b < values.length / blockSize; b++) {
            long at = (long) b * type.bytesPerBlock();
            switch (type) {
                case F32 -> data.set(FLOAT, at, values[b]);
                case F16 -> data.set(SHORT, at, Float.floatToFloat16(values[b]));
                case BF16 -> data.set(SHORT, at, BF16Tensor.fromFloat(values[b]));
                case Q8_0 -> Q8_0Tensor.quantizeBlock(values, b * blockSize, data, at);
                case Q4_0 -> Q4_0Tensor.quantizeBlock(values, b * blockSize, data, at);
                case Q4_1 -> Q4_1Tensor.quantizeBlock(values, b * blockSize, data, at);
                case Q5_0 -> Q5_0Tensor.quantizeBlock(values, b * blockSize, data, at);
                case Q5_1 -> Q5_1Tensor.quantizeBlock(values, b * blockSize, data, at);
                case Q4_K -> Q4KTensor.quantizeBlock(values, b * blockSize, data, at);
                case Q5_K -> Q5KTensor.quantizeBlock(values, b * blockSize, data, at);
                case Q6_K -> Q6KTensor.quantizeBlock(values, b * blockSize, data, at);
                default -> throw new UnsupportedOperationException("no kernels for ggml type " + type);
            }
        }
        return of(type, data, values.length);
    }

    /**
     * Sets how many threads split each matmul, the calling thread included (default: the system property
     * {@code wenjin.llm.threads}, else the number of available processors).
     */
    public static void setThreads(int threads) {
        WorkerPool.resize(threads);
    }

    /**
     * Runs {@code task} for every index in {@code [0, tasks)} on the matmul threads, each taking one
     * contiguous range of indices; returns when all are done. For work other than matmuls, such as
     * attention's heads. Allocates nothing; tasks must not call {@link #matmul} or this method.
     */
    public static void parallelFor(int tasks, IntConsumer task) {
        WorkerPool.shared.parallelFor(tasks, task);
    }

    /** How many threads split each matmul, the calling thread included. */
    public static int threads() {
        return WorkerPool.shared.threads();
    }

    /**
     * Whether {@link #matmul} first rounds its input vector to 8-bit blocks and multiplies the weights'
     * quants with integer instructions, as llama.cpp does: faster, and its results differ from the float
     * path by that rounding (about 0.5 % of a dot product). Off by default, and then every result is the
     * float32 product of the stored weights with the input. Has no effect where the CPU lacks 256-bit
     * vectors or a type has no integer kernel (F32, F16, BF16, Q4_1, Q5_1, Q5_K keep the float path).
     * Default: the system property {@code wenjin.llm.q8activations}.
     */
    public static void setRoundActivations(boolean round) {
        roundActivations = round && INTEGER_KERNELS;
    }

    /** Whether {@link #matmul} rounds its input to 8 bits; see {@link #setRoundActivations}. */
    public static boolean roundsActivations() {
        return roundActivations;
    }

    /** Whether {@link #dot} and {@link #matmul} run on the Vector API kernels here. */
    public static boolean vectorized() {
        return VECTORS;
    }

    /** The storage type. */
    public abstract GgmlType type();

    /** Number of values. */
    public final long size() {
        return size;
    }

    /** The stored bytes. */
    public final MemorySegment segment() {
        return data;
    }

    /** Value {@code index}, dequantized exactly as ggml does. */
    public abstract float getFloat(long index);

    /** Dequantizes block {@code block} into {@code dst[dstOffset .. dstOffset + blockSize)}. */
    abstract void dequantizeBlock(long block, float[] dst, int dstOffset);

    /**
     * The Vector API dot product; {@code offset} and {@code n} are multiples of the block size and the
     * ranges are checked.
     */
    abstract float vectorDot(long offset, float[] x, int xOffset, int n);

    /** Dequantizes values {@code [offset, offset + n)} into {@code dst} from {@code dstOffset}. */
    public void copyTo(long offset, float[] dst, int dstOffset, int n) {
        checkRange(offset, n);
        Objects.checkFromIndexSize(dstOffset, n, dst.length);
        int blockSize = type().blockSize();
        int i = 0;
        for (; i < n && (offset + i) % blockSize != 0; i++) {
            dst[dstOffset + i] = getFloat(offset + i);
        }
        for (; n - i >= blockSize; i += blockSize) {
            dequantizeBlock((offset + i) / blockSize, dst, dstOffset + i);
        }
        for (; i < n; i++) {
            dst[dstOffset + i] = getFloat(offset + i);
        }
    }

    /**
     * The dot product of values {@code [offset, offset + n)} with {@code x[xOffset .. xOffset + n)}.
     * Block-aligned ranges use the Vector API kernel; the result may differ from {@link #scalarDot}
     * in rounding only.
     */
    public final float dot(long offset, float[] x, int xOffset, int n) {
        checkRange(offset, n);
        Objects.checkFromIndexSize(xOffset, n, x.length);
        int blockSize = type().blockSize();
        if (VECTORS && offset % blockSize == 0 && n % blockSize == 0) {
            return vectorDot(offset, x, xOffset, n);
        }
        return scalarDot(offset, x, xOffset, n);
    }

    /**
     * The reference dot product: the dequantized values times {@code x}, summed in order in float.
     */
    public float scalarDot(long offset, float[] x, int xOffset, int n) {
        checkRange(offset, n);
        Objects.checkFromIndexSize(xOffset, n, x.length);
        int blockSize = type().blockSize();
        float[] block = BLOCK.get();
        float sum = 0f;
        int i = 0;
        for (; i < n && (offset + i) % blockSize != 0; i++) {
            sum += getFloat(offset + i) * x[xOffset + i];
        }
        for (; n - i >= blockSize; i += blockSize) {
            dequantizeBlock((offset + i) / blockSize, block, 0);
            for (int j = 0; j < blockSize; j++) {
                sum += block[j] * x[xOffset + i + j];
            }
        }
        for (; i < n; i++) {
            sum += getFloat(offset + i) * x[xOffset + i];
        }
        return sum;
    }

    /**
     * Matrix-vector product: {@code out[r] = row r . x} for the first {@code rows} rows of
     * {@code cols} values each, rows split across the shared worker threads.
     */
    public final void matmul(float[] x, float[] out, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols > size) {
            throw new IndexOutOfBoundsException(rows + " x " + cols + " exceeds a tensor of " + size + " values");
        }
        Objects.checkFromIndexSize(0, cols, x.length);
        Objects.checkFromIndexSize(0, rows, out.length);
        WorkerPool.shared.matmul(this, x, rounded(x, 1, cols), out, 1, rows, cols);
    }

    /**
     * Matrix times {@code batch} vectors: {@code out[b * rows + r] = row r . x[b * cols, (b + 1) * cols)}
     * for b in [0, batch). Each worker reads each of its weight rows once for the whole batch (the row stays
     * in the L1 cache while it meets every vector), so a prompt of B tokens costs one pass over the weights
     * instead of B.
     */
    public final void matmul(float[] x, float[] out, int batch, int rows, int cols) {
        if (batch < 1 || rows < 0 || cols < 0 || (long) rows * cols > size) {
            throw new IndexOutOfBoundsException(batch + " x " + rows + " x " + cols + " exceeds a tensor of "
                    + size + " values");
        }
        Objects.checkFromIndexSize(0, batch * cols, x.length);
        Objects.checkFromIndexSize(0, batch * rows, out.length);
        WorkerPool.shared.matmul(this, x, rounded(x, batch, cols), out, batch, rows, cols);
    }

    /** The calling thread's buffers holding the batch's vectors rounded to 8 bits, or null for the float path. */
    private QuantizedVector[] rounded(float[] x, int batch, int cols) {
        if (!roundActivations || !hasIntegerDot() || cols % type().blockSize() != 0) {
            return null;
        }
        QuantizedVector[] rounded = ROUNDED.get();
        if (rounded.length < batch) {
            QuantizedVector[] grown = Arrays.copyOf(rounded, batch);
            for (int b = rounded.length; b < batch; b++) {
                grown[b] = new QuantizedVector();
            }
            ROUNDED.set(grown);
            rounded = grown;
        }
        for (int b = 0; b < batch; b++) {
            rounded[b].quantize(x, b * cols, cols, activationBlock());
        }
        return rounded;
    }

    /**
     * Rows {@code [from, to)} of {@link #matmul} for every vector of the batch, over {@code rounded} (x rounded
     * to 8 bits) when it is not null; arguments are already checked.
     */
    final void matmulRows(float[] x, QuantizedVector[] rounded, float[] out, int batch, int rows, int cols,
                          int from, int to) {
        if (VECTORS && batch >= tiledBatch() && cols % LANES == 0) {
            tiledRows(x, rounded, out, batch, rows, cols, from, to);
            return;
        }
        for (int r = from; r < to; r++) {
            long offset = (long) r * cols;
            for (int b = 0; b < batch; b++) {
                out[b * rows + r] = rounded != null
                        ? integerDot(offset, rounded[b], cols)
                        : dot(offset, x, b * cols, cols);
            }
        }
    }

    /**
     * Rows {@code [from, to)} times a batch of at least {@link #tiledBatch()} vectors, as a tiled GEMM: each row
     * is dequantized once into a float buffer that stays in the L1 cache, then two rows are multiplied with four
     * vectors at a time (a 2 x 4 register tile). With many vectors (a prompt's chunk)
     * this beats the per-vector integer kernels, which unpack every weight block again for every vector. Over
     * rounded activations it multiplies their rounded values ({@code q * d}), so the result differs from
     * {@link #integerDot} only in the order of float additions.
     */
    private void tiledRows(float[] x, QuantizedVector[] rounded, float[] out, int batch, int rows, int cols,
                           int from, int to) {
        float[] row = ROW.get();
        if (row.length < 2 * cols) {
            row = new float[2 * cols];
            ROW.set(row);
        }
        int r = from;
        for (; r + 1 < to; r += 2) {
            copyTo((long) r * cols, row, 0, cols);
            copyTo((long) (r + 1) * cols, row, cols, cols);
            int b = 0;
            for (; b + 4 <= batch; b += 4) {
                tile(row, x, rounded, out, b, rows, cols, r);
            }
            for (; b < batch; b++) {
                out[b * rows + r] = rowDot(row, 0, x, rounded, b, cols);
                out[b * rows + r + 1] = rowDot(row, cols, x, rounded, b, cols);
            }
        }
        if (r < to) {
            copyTo((long) r * cols, row, 0, cols);
            for (int b = 0; b < batch; b++) {
                out[b * rows + r] = rowDot(row, 0, x, rounded, b, cols);
            }
        }
    }

    /**
     * Rows r and r + 1 (dequantized in {@code row} at 0 and {@code cols}) times vectors b .. b + 3: eight
     * accumulators, each weight load used four times and each input load twice.
     */
    private static void tile(float[] row, float[] x, QuantizedVector[] rounded, float[] out, int b, int rows, int cols,
                             int r) {
        float[] x0 = rounded != null ? rounded[b].values : x;
        float[] x1 = rounded != null ? rounded[b + 1].values : x;
        float[] x2 = rounded != null ? rounded[b + 2].values : x;
        float[] x3 = rounded != null ? rounded[b + 3].values : x;
        int o0 = rounded != null ? 0 : b * cols;
        int o1 = rounded != null ? 0 : (b + 1) * cols;
        int o2 = rounded != null ? 0 : (b + 2) * cols;
        int o3 = rounded != null ? 0 : (b + 3) * cols;
        FloatVector a0 = FloatVector.zero(F_SPECIES);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector c0 = a0;
        FloatVector c1 = a0;
        FloatVector c2 = a0;
        FloatVector c3 = a0;
        for (int i = 0; i < cols; i += LANES) {
            FloatVector w = FloatVector.fromArray(F_SPECIES, row, i);
            FloatVector v = FloatVector.fromArray(F_SPECIES, row, cols + i);
            FloatVector y = FloatVector.fromArray(F_SPECIES, x0, o0 + i);
            a0 = w.fma(y, a0);
            c0 = v.fma(y, c0);
            y = FloatVector.fromArray(F_SPECIES, x1, o1 + i);
            a1 = w.fma(y, a1);
            c1 = v.fma(y, c1);
            y = FloatVector.fromArray(F_SPECIES, x2, o2 + i);
            a2 = w.fma(y, a2);
            c2 = v.fma(y, c2);
            y = FloatVector.fromArray(F_SPECIES, x3, o3 + i);
            a3 = w.fma(y, a3);
            c3 = v.fma(y, c3);
        }
        out[b * rows + r] = a0.reduceLanes(VectorOperators.ADD);
        out[(b + 1) * rows + r] = a1.reduceLanes(VectorOperators.ADD);
        out[(b + 2) * rows + r] = a2.reduceLanes(VectorOperators.ADD);
        out[(b + 3) * rows + r] = a3.reduceLanes(VectorOperators.ADD);
        out[b * rows + r + 1] = c0.reduceLanes(VectorOperators.ADD);
        out[(b + 1) * rows + r + 1] = c1.reduceLanes(VectorOperators.ADD);
        out[(b + 2) * rows + r + 1] = c2.reduceLanes(VectorOperators.ADD);
        out[(b + 3) * rows + r + 1] = c3.reduceLanes(VectorOperators.ADD);
    }

    /** The dequantized row at {@code row[at, at + cols)} times vector b of the batch. */
    private static float rowDot(float[] row, int at, float[] x, QuantizedVector[] rounded, int b, int cols) {
        float[] xb = rounded != null ? rounded[b].values : x;
        int ob = rounded != null ? 0 : b * cols;
        FloatVector acc = FloatVector.zero(F_SPECIES);
        for (int i = 0; i < cols; i += LANES) {
            acc = FloatVector.fromArray(F_SPECIES, row, at + i).fma(FloatVector.fromArray(F_SPECIES, xb, ob + i), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /**
     * Vectors from which a batched matmul of this type runs the tiled kernel: {@link #TILED_BATCH}, or four for the
     * types with integer kernels, whose rows also dequantize with vectors (the vector path of their
     * {@code dequantizeBlock}), cheaply enough to pay off from four vectors on.
     */
    private int tiledBatch() {
        return hasIntegerDot() ? 4 : TILED_BATCH;
    }

    /** Values per scale of the rounded activations {@link #integerDot} takes: 32, or 256 for the K-quants. */
    int activationBlock() {
        return QuantizedVector.BLOCK;
    }

    /** Whether this type has {@link #integerDot}. */
    boolean hasIntegerDot() {
        return false;
    }

    /**
     * The dot product of values {@code [offset, offset + n)} with {@code x[0, n)} rounded to 8 bits,
     * summing products of quants in integers within each block; {@code offset} and {@code n} are
     * multiples of the block size.
     */
    float integerDot(long offset, QuantizedVector x, int n) {
        throw new UnsupportedOperationException(type() + " has no integer kernel");
    }

    final void checkRange(long offset, int n) {
        if (offset < 0 || n < 0 || offset > size - n) {
            throw new IndexOutOfBoundsException("values [" + offset + ", " + offset + " + " + n
                    + ") are outside a tensor of " + size);
        }
    }

    @Override
    public String toString() {
        return type() + "[" + size + "]";
    }

    // Shared pieces of the quantized kernels.

    /** The half-precision float at byte {@code at}. */
    final float half(long at) {
        return Float.float16ToFloat(data.get(SHORT, at));
    }

    /** The unsigned byte at byte {@code at}. */
    final int u8(long at) {
        return data.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    /** Rounds to the nearest integer, halves away from zero, as C's roundf and ggml's nearest_int. */
    static int roundToInt(float v) {
        return (int) Math.copySign(Math.floor(Math.abs(v) + 0.5f), v);
    }
}
