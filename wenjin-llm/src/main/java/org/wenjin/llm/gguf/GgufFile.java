package org.wenjin.llm.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.wenjin.llm.tensor.FloatTensor;
import org.wenjin.llm.tensor.GgmlType;

/**
 * A GGUF model file (versions 2 and 3), memory-mapped: metadata and the tensor table are parsed when
 * the file is opened; tensor data stays in the mapping and is never copied.
 *
 * <p>The layout follows docs/gguf.md of the ggml repository: the magic {@code GGUF}, a uint32
 * version, uint64 tensor and metadata counts, the metadata key/value pairs, the tensor table, then
 * the data section starting at the next multiple of {@code general.alignment} (default 32). All
 * numbers are little-endian. A file without tensors (a vocabulary-only file) may end right after its
 * metadata, before that padding.
 *
 * <p>Every defect of the file, and every request for a key that is missing or has the wrong type,
 * throws {@link GgufFormatException} naming the field and its byte offset. The mapping lives until
 * {@link #close()}; tensors obtained from the file must not be used after that (their reads then
 * throw {@link IllegalStateException}).
 */
public final class GgufFile implements AutoCloseable {

    /** The alignment of the data section and of every tensor when the file has no general.alignment. */
    public static final int DEFAULT_ALIGNMENT = 32;
    public static final String ALIGNMENT_KEY = "general.alignment";
    public static final String ARCHITECTURE_KEY = "general.architecture";

    private final Path path;
    private final Arena arena; // null for bytes that were not mapped here
    private final MemorySegment file;
    private final int version;
    private final Map<String, GgufValue> metadata;
    private final Map<String, Long> valueOffsets;
    private final List<GgufTensorInfo> tensors;
    private final Map<String, GgufTensorInfo> tensorsByName;
    private final int alignment;
    private final long dataOffset;

    private GgufFile(Path path, Arena arena, MemorySegment file, GgufLayout layout) {
        this.path = path;
        this.arena = arena;
        this.file = file;
        this.version = layout.version();
        this.metadata = Collections.unmodifiableMap(layout.metadata());
        this.valueOffsets = layout.valueOffsets();
        this.tensors = List.copyOf(layout.tensors());
        Map<String, GgufTensorInfo> byName = new HashMap<>();
        for (GgufTensorInfo t : tensors) {
            byName.put(t.name(), t);
        }
        this.tensorsByName = byName;
        this.alignment = layout.alignment();
        this.dataOffset = layout.dataOffset();
    }

    /**
     * Maps and parses a GGUF file.
     *
     * @throws GgufFormatException if the file is not a well-formed GGUF v2 or v3 file
     * @throws IOException if it cannot be read or mapped
     */
    public static GgufFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment segment;
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            }
            GgufLayout layout = GgufLayout.parse(path, segment);
            return new GgufFile(path, arena, segment, layout);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** Parses GGUF bytes already in memory; {@code name} only labels messages. Closing does nothing. */
    static GgufFile parse(Path name, MemorySegment bytes) {
        return new GgufFile(name, null, bytes, GgufLayout.parse(name, bytes));
    }

    public Path path() {
        return path;
    }

    /** The format version, 2 or 3. */
    public int version() {
        return version;
    }

    /** The alignment of the data section and of each tensor's data. */
    public int alignment() {
        return alignment;
    }

    /**
     * Where the data section starts: the end of the tensor table rounded up to the alignment. A file
     * without tensors may end before this offset.
     */
    public long dataOffset() {
        return dataOffset;
    }

    /** The file's size in bytes. */
    public long fileSize() {
        return file.byteSize();
    }

    /** The metadata keys, in file order. */
    public Set<String> keys() {
        return metadata.keySet();
    }

    /** All metadata, in file order. */
    public Map<String, GgufValue> metadata() {
        return metadata;
    }

    public boolean contains(String key) {
        return metadata.containsKey(key);
    }

    /** The value of {@code key}, if present. */
    public Optional<GgufValue> find(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    /** The value of {@code key}; throws {@link GgufFormatException} if it is missing. */
    public GgufValue get(String key) {
        GgufValue value = metadata.get(key);
        if (value == null) {
            throw new GgufFormatException(path, -1, "no metadata key '" + key + "'");
        }
        return value;
    }

    /** The byte offset of the value of {@code key} in the file, or -1 if there is no such key. */
    public long valueOffset(String key) {
        return valueOffsets.getOrDefault(key, -1L);
    }

    /** The model architecture, {@code general.architecture}, e.g. "llama". */
    public String architecture() {
        return getString(ARCHITECTURE_KEY);
    }

    public String getString(String key) {
        return convert(key, GgufValue::asString);
    }

    public String getString(String key, String defaultValue) {
        return contains(key) ? getString(key) : defaultValue;
    }

    public Optional<String> findString(String key) {
        return contains(key) ? Optional.of(getString(key)) : Optional.empty();
    }

    /** An integer of any GGUF integer type that fits in an int. */
    public int getInt(String key) {
        return convert(key, GgufValue::asInt);
    }

    public int getInt(String key, int defaultValue) {
        return contains(key) ? getInt(key) : defaultValue;
    }

    /** An integer of any GGUF integer type, unsigned types read unsigned, that fits in a long. */
    public long getLong(String key) {
        return convert(key, GgufValue::asLong);
    }

    public long getLong(String key, long defaultValue) {
        return contains(key) ? getLong(key) : defaultValue;
    }

    /** A float32, float64 or integer value as a float. */
    public float getFloat(String key) {
        return convert(key, GgufValue::asFloat);
    }

    public float getFloat(String key, float defaultValue) {
        return contains(key) ? getFloat(key) : defaultValue;
    }

    /** A float32, float64 or integer value as a double. */
    public double getDouble(String key) {
        return convert(key, GgufValue::asDouble);
    }

    public double getDouble(String key, double defaultValue) {
        return contains(key) ? getDouble(key) : defaultValue;
    }

    public boolean getBoolean(String key) {
        return convert(key, GgufValue::asBoolean);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return contains(key) ? getBoolean(key) : defaultValue;
    }

    /** A copy of an array of strings. */
    public String[] getStringArray(String key) {
        return convert(key, GgufValue::asStringArray);
    }

    /** A copy of an array of float32 (or float64, rounded) values. */
    public float[] getFloatArray(String key) {
        return convert(key, GgufValue::asFloatArray);
    }

    /** An array of integers of any type whose elements all fit in an int. */
    public int[] getIntArray(String key) {
        return convert(key, GgufValue::asIntArray);
    }

    /** An array of integers of any type, unsigned types read unsigned. */
    public long[] getLongArray(String key) {
        return convert(key, GgufValue::asLongArray);
    }

    /** The tensor table, in file order. */
    public List<GgufTensorInfo> tensors() {
        return tensors;
    }

    /** The table entry of tensor {@code name}, if present. */
    public Optional<GgufTensorInfo> tensorInfo(String name) {
        return Optional.ofNullable(tensorsByName.get(name));
    }

    public boolean hasTensor(String name) {
        return tensorsByName.containsKey(name);
    }

    /**
     * The bytes of tensor {@code name}, a slice of the mapping.
     *
     * @throws GgufFormatException if the file has no such tensor
     */
    public MemorySegment tensorData(String name) {
        GgufTensorInfo info = requireTensor(name);
        return file.asSlice(dataOffset + info.offset(), info.byteSize());
    }

    /**
     * Tensor {@code name} over its mapped bytes, without copying.
     *
     * @throws GgufFormatException if the file has no such tensor
     * @throws UnsupportedOperationException if its type has no kernels ({@link GgmlType#hasKernels()})
     */
    public FloatTensor tensor(String name) {
        GgufTensorInfo info = requireTensor(name);
        if (!info.type().hasKernels()) {
            throw new UnsupportedOperationException(path + ": tensor '" + name + "' has type " + info.type()
                    + ", which this engine cannot compute with");
        }
        return FloatTensor.of(info.type(), tensorData(name), info.elementCount());
    }

    /** Unmaps the file. Tensors and segments obtained from it become unusable. */
    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version + ", " + metadata.size() + " keys, " + tensors.size()
                + " tensors]";
    }

    private GgufTensorInfo requireTensor(String name) {
        GgufTensorInfo info = tensorsByName.get(name);
        if (info == null) {
            throw new GgufFormatException(path, -1, "no tensor '" + name + "'");
        }
        return info;
    }

    private <T> T convert(String key, Function<GgufValue, T> conversion) {
        GgufValue value = get(key);
        try {
            return conversion.apply(value);
        } catch (IllegalStateException e) {
            throw new GgufFormatException(path, valueOffset(key), "metadata key '" + key + "' " + e.getMessage());
        }
    }

    /** What parsing the header, metadata and tensor table yields. */
    record GgufLayout(
            int version,
            LinkedHashMap<String, GgufValue> metadata,
            Map<String, Long> valueOffsets,
            List<GgufTensorInfo> tensors,
            int alignment,
            long dataOffset) {

        static GgufLayout parse(Path path, MemorySegment file) {
            GgufCursor in = new GgufCursor(path, file);
            long magic = in.u32("magic");
            if (magic != GgufCursor.MAGIC) {
                throw in.error(0, "bad magic 0x" + Long.toHexString(magic) + ", expected the bytes 'GGUF'");
            }
            long version = in.u32("version");
            if (version != 2 && version != 3) {
                String why = Integer.reverseBytes((int) version) >= 1 && Integer.reverseBytes((int) version) <= 3
                        ? "; the file looks big-endian, and only little-endian files are supported"
                        : "";
                throw in.error(4, "unsupported GGUF version " + version + ", expected 2 or 3" + why);
            }
            long tensorCount = in.count("tensor count", 8 + 4 + 4 + 8);
            long kvCount = in.count("metadata key/value count", 8 + 4 + 1);

            LinkedHashMap<String, GgufValue> metadata = new LinkedHashMap<>();
            Map<String, Long> valueOffsets = new HashMap<>();
            for (long i = 0; i < kvCount; i++) {
                long keyOffset = in.position();
                String key = in.string("key of metadata entry " + i);
                if (metadata.containsKey(key)) {
                    throw in.error(keyOffset, "duplicate metadata key '" + key + "'");
                }
                long valueOffset = in.position();
                metadata.put(key, in.value("metadata '" + key + "'"));
                valueOffsets.put(key, valueOffset);
            }

            int alignment = DEFAULT_ALIGNMENT;
            GgufValue alignmentValue = metadata.get(ALIGNMENT_KEY);
            if (alignmentValue != null) {
                long a = alignmentValue.type().isInteger() ? alignmentValue.asLong() : 0;
                if (a <= 0 || a > (1 << 30) || (a & (a - 1)) != 0) {
                    throw in.error(valueOffsets.get(ALIGNMENT_KEY),
                            ALIGNMENT_KEY + " must be a power of two integer, but is " + alignmentValue);
                }
                alignment = (int) a;
            }

            List<GgufTensorInfo> tensors = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (long i = 0; i < tensorCount; i++) {
                long infoOffset = in.position();
                String name = in.string("name of tensor " + i);
                if (!names.add(name)) {
                    throw in.error(infoOffset, "duplicate tensor name '" + name + "'");
                }
                String what = "tensor '" + name + "'";
                long rankOffset = in.position();
                long rank = in.u32(what + " dimension count");
                if (rank > 4) {
                    throw in.error(rankOffset, what + " has " + rank + " dimensions; ggml allows at most 4");
                }
                long[] dims = new long[(int) rank];
                long elements = 1;
                for (int d = 0; d < rank; d++) {
                    long dimOffset = in.position();
                    dims[d] = in.u64(what + " dimension " + d);
                    if (dims[d] < 0) {
                        throw in.error(dimOffset, what + " dimension " + d + " is "
                                + Long.toUnsignedString(dims[d]) + ", more than 2^63-1");
                    }
                    try {
                        elements = Math.multiplyExact(elements, dims[d]);
                    } catch (ArithmeticException e) {
                        throw in.error(dimOffset, what + " has more than 2^63-1 elements");
                    }
                }
                long typeOffset = in.position();
                long typeId = in.u32(what + " type");
                GgmlType type = GgmlType.byId(typeId);
                if (type == null) {
                    throw in.error(typeOffset, what + " has unknown ggml type id " + typeId);
                }
                if (rank > 0 && dims[0] % type.blockSize() != 0) {
                    throw in.error(rankOffset, what + " rows of " + dims[0] + " values are not a whole number of "
                            + type + " blocks of " + type.blockSize());
                }
                long dataOffsetOffset = in.position();
                long offset = in.u64(what + " data offset");
                if (offset < 0 || offset % alignment != 0) {
                    throw in.error(dataOffsetOffset, what + " data offset " + Long.toUnsignedString(offset)
                            + " is not a multiple of the alignment " + alignment);
                }
                if (elements / type.blockSize() > Long.MAX_VALUE / type.bytesPerBlock()) {
                    throw in.error(rankOffset, what + " is larger than 2^63-1 bytes");
                }
                tensors.add(new GgufTensorInfo(name, dims, type, offset));
            }

            long end = in.position();
            long dataOffset = (end + alignment - 1) / alignment * alignment;
            checkTensorData(in, tensors, dataOffset, file.byteSize());
            return new GgufLayout((int) version, metadata, valueOffsets, tensors, alignment, dataOffset);
        }

        /** Every tensor's bytes must lie inside the file, and no two may overlap. */
        private static void checkTensorData(GgufCursor in, List<GgufTensorInfo> tensors, long dataOffset, long fileSize) {
            if (tensors.isEmpty()) {
                return;
            }
            long dataSize = fileSize - dataOffset;
            if (dataSize < 0) {
                throw in.error(fileSize, "truncated: the file ends before its data section, which starts at byte " + dataOffset);
            }
            List<GgufTensorInfo> byOffset = new ArrayList<>(tensors);
            byOffset.sort(Comparator.comparingLong(GgufTensorInfo::offset));
            GgufTensorInfo previous = null;
            for (GgufTensorInfo t : byOffset) {
                long size = t.byteSize();
                if (t.offset() > dataSize || size > dataSize - t.offset()) {
                    throw in.error(dataOffset + t.offset(), "truncated or corrupt: tensor '" + t.name() + "' data (" + size
                            + " bytes at data offset " + t.offset() + ") runs past the end of the file at byte "
                            + fileSize);
                }
                if (previous != null && previous.offset() + previous.byteSize() > t.offset()) {
                    throw in.error(dataOffset + t.offset(), "tensor '" + t.name() + "' data overlaps tensor '"
                            + previous.name() + "'");
                }
                previous = t;
            }
        }
    }
}
