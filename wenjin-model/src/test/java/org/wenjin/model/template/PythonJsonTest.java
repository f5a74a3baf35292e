package org.wenjin.model.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** tojson writes what Python's json.dumps(ensure_ascii=False) writes; expected strings are Python 3.12's output. */
class PythonJsonTest {

    @Test
    void separatesItemsLikePythonOnOneLine() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "get_weather");
        value.put("arguments", Map.of("city", "巴黎"));
        value.put("n", 3);
        value.put("ok", true);
        value.put("none", null);
        value.put("list", List.of(1, 2.5, "x"));
        assertThat(PythonJson.dumps(value, null, false, false))
                .isEqualTo("{\"name\": \"get_weather\", \"arguments\": {\"city\": \"巴黎\"}, \"n\": 3, \"ok\": true, \"none\": null, \"list\": [1, 2.5, \"x\"]}");
    }

    @Test
    void indentsWithNewlinesAndNoTrailingSpaces() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", List.of(1, Map.of()));
        value.put("b", new ArrayList<>());
        assertThat(PythonJson.dumps(value, 4, false, false)).isEqualTo("""
                {
                    "a": [
                        1,
                        {}
                    ],
                    "b": []
                }""");
    }

    @Test
    void escapesLikePython() {
        assertThat(PythonJson.dumps("say \"hi\"\\\n\t\u0001é😁", null, false, false)).isEqualTo("\"say \\\"hi\\\"\\\\\\n\\t\\u0001é😁\"");
        assertThat(PythonJson.dumps("é😁", null, true, false)).isEqualTo("\"\\u00e9\\ud83d\\ude01\"");
    }

    @Test
    void writesFloatsAsPythonsRepr() {
        assertThat(PythonJson.floatRepr(1.0)).isEqualTo("1.0");
        assertThat(PythonJson.floatRepr(0.1)).isEqualTo("0.1");
        assertThat(PythonJson.floatRepr(-2.5)).isEqualTo("-2.5");
        assertThat(PythonJson.floatRepr(1e16)).isEqualTo("1e+16");
        assertThat(PythonJson.floatRepr(1234567890123456.0)).isEqualTo("1234567890123456.0");
        assertThat(PythonJson.floatRepr(0.0001)).isEqualTo("0.0001");
        assertThat(PythonJson.floatRepr(0.00001)).isEqualTo("1e-05");
        assertThat(PythonJson.floatRepr(1.5e-7)).isEqualTo("1.5e-07");
        assertThat(PythonJson.floatRepr(1e22)).isEqualTo("1e+22");
        assertThat(PythonJson.floatRepr(123.456)).isEqualTo("123.456");
        assertThat(PythonJson.floatRepr(Double.NaN)).isEqualTo("NaN");
        assertThat(PythonJson.floatRepr(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void sortsKeysWhenAsked() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", 1);
        value.put("a", 2);
        assertThat(PythonJson.dumps(value, null, false, true)).isEqualTo("{\"a\": 2, \"b\": 1}");
        assertThat(PythonJson.dumps(value, null, false, false)).isEqualTo("{\"b\": 1, \"a\": 2}");
    }
}
