package org.wenjin.llm.gguf;

/**
 * The metadata value types of the GGUF format, with their ids ({@code enum gguf_type} in ggml's
 * gguf.h; docs/gguf.md of the ggml repository).
 */
public enum GgufValueType {
    UINT8(0, 1),
    INT8(1, 1),
    UINT16(2, 2),
    INT16(3, 2),
    UINT32(4, 4),
    INT32(5, 4),
    FLOAT32(6, 4),
    BOOL(7, 1),
    /** A uint64 byte length followed by that many UTF-8 bytes, no terminator. */
    STRING(8, 8),
    /** A uint32 element type, a uint64 count, then the elements. */
    ARRAY(9, 12),
    UINT64(10, 8),
    INT64(11, 8),
    FLOAT64(12, 8);

    private static final GgufValueType[] BY_ID = new GgufValueType[13];

    static {
        for (GgufValueType type : values()) {
            BY_ID[type.id] = type;
        }
    }

    private final int id;
    private final int minimumBytes;

    GgufValueType(int id, int minimumBytes) {
        this.id = id;
        this.minimumBytes = minimumBytes;
    }

    /** The id the file stores for this type. */
    public int id() {
        return id;
    }

    /** The fewest bytes a value of this type can occupy in a file: the size of fixed-size types. */
    int minimumBytes() {
        return minimumBytes;
    }

    /** Whether this is one of the eight integer types. */
    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    /** Whether integers of this type are unsigned. */
    public boolean isUnsigned() {
        return this == UINT8 || this == UINT16 || this == UINT32 || this == UINT64;
    }

    /** The type with id {@code id}, or null if GGUF has no such type. */
    public static GgufValueType byId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }
}
