package org.wenjin.train.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.wenjin.llm.tensor.GgmlType;

/**
 * The file types an exported model can have, each one of llama.cpp's {@code enum llama_ftype} (include/llama.h,
 * also {@code LlamaFileType} in gguf-py/gguf/constants.py), whose number the file records as
 * {@code general.file_type}.
 */
public enum ExportType {
    F32(0, GgmlType.F32),
    F16(1, GgmlType.F16),
    Q8_0(7, GgmlType.Q8_0),
    Q4_0(2, GgmlType.Q4_0),
    /** Q4_K, with Q6_K for the classifier and for the attn_v and ffn_down matrices of some layers. */
    Q4_K_M(15, GgmlType.Q4_K);

    private final int llamaFileType;
    private final GgmlType defaultType;

    ExportType(int llamaFileType, GgmlType defaultType) {
        this.llamaFileType = llamaFileType;
        this.defaultType = defaultType;
    }

    /**
     * The type named {@code s}, in any case ({@code q4_k_m}, {@code Q4_K_M}).
     *
     * @throws IllegalArgumentException naming the choices if there is no such type
     */
    public static ExportType parse(String s) {
        String name = s == null ? "" : s.strip().toUpperCase(Locale.ROOT);
        for (ExportType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown export type '" + s + "'; choose one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    /** The {@code llama_ftype} number written as {@code general.file_type}. */
    public int llamaFileType() {
        return llamaFileType;
    }

    /** The type of most weight matrices: llama.cpp's {@code llama_ftype_get_default_type}. */
    public GgmlType defaultType() {
        return defaultType;
    }
}
