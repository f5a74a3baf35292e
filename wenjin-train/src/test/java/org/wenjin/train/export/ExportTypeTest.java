package org.wenjin.train.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.wenjin.llm.tensor.GgmlType;

class ExportTypeTest {

    @Test
    void parsesNamesInAnyCase() {
        assertThat(ExportType.parse("q4_k_m")).isEqualTo(ExportType.Q4_K_M);
        assertThat(ExportType.parse(" Q8_0 ")).isEqualTo(ExportType.Q8_0);
        assertThat(ExportType.parse("f16")).isEqualTo(ExportType.F16);
    }

    @Test
    void anUnknownNameListsTheChoices() {
        assertThatThrownBy(() -> ExportType.parse("q5_k_m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'q5_k_m'")
                .hasMessageContaining("F32, F16, Q8_0, Q4_0, Q4_K_M");
        assertThatThrownBy(() -> ExportType.parse(null)).hasMessageContaining("choose one of");
    }

    /** The numbers of llama.cpp's enum llama_ftype (include/llama.h), which general.file_type records. */
    @Test
    void fileTypesAreLlamaCppsNumbers() {
        assertThat(ExportType.F32.llamaFileType()).isEqualTo(0);   // LLAMA_FTYPE_ALL_F32
        assertThat(ExportType.F16.llamaFileType()).isEqualTo(1);   // LLAMA_FTYPE_MOSTLY_F16
        assertThat(ExportType.Q4_0.llamaFileType()).isEqualTo(2);  // LLAMA_FTYPE_MOSTLY_Q4_0
        assertThat(ExportType.Q8_0.llamaFileType()).isEqualTo(7);  // LLAMA_FTYPE_MOSTLY_Q8_0
        assertThat(ExportType.Q4_K_M.llamaFileType()).isEqualTo(15); // LLAMA_FTYPE_MOSTLY_Q4_K_M
        assertThat(ExportType.Q4_K_M.defaultType()).isEqualTo(GgmlType.Q4_K);
    }
}
