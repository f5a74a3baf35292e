package org.wenjin.model.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Jinja2 reads "not" as applying to the whole comparison or test after it; the rewrite spells that out. */
class NotPrecedenceTest {

    @Test
    void wrapsTheWholeTestOrComparisonAfterNot() {
        assertThat(NotPrecedence.rewrite("{%- if not tools_in_user_message is defined %}"))
                .isEqualTo("{%- if not (tools_in_user_message is defined) %}");
        assertThat(NotPrecedence.rewrite("{%- if not message.tool_calls|length == 1 %}"))
                .isEqualTo("{%- if not (message.tool_calls|length == 1) %}");
        assertThat(NotPrecedence.rewrite("{%- if tools_in_user_message and not tools is none %}"))
                .isEqualTo("{%- if tools_in_user_message and not (tools is none) %}");
        assertThat(NotPrecedence.rewrite("{%- if not (message.role == 'ipython' or 'tool_calls' in message) %}"))
                .isEqualTo("{%- if not ((message.role == 'ipython' or 'tool_calls' in message)) %}");
    }

    @Test
    void stopsAtAndOrIfElseCommasAndClosingBrackets() {
        assertThat(NotPrecedence.rewrite("{{ not a or b }}")).isEqualTo("{{ not (a) or b }}");
        assertThat(NotPrecedence.rewrite("{{- 'x' if not a['k'] else 'y' -}}")).isEqualTo("{{- 'x' if not (a['k']) else 'y' -}}");
        assertThat(NotPrecedence.rewrite("{{ f(not a, b) }}")).isEqualTo("{{ f(not (a), b) }}");
        assertThat(NotPrecedence.rewrite("{{ not a -}}")).isEqualTo("{{ not (a) -}}");
    }

    @Test
    void leavesBinaryNotInIsNotStringsAndCommentsAlone() {
        assertThat(NotPrecedence.rewrite("{{ a not in b }}")).isEqualTo("{{ a not in b }}");
        assertThat(NotPrecedence.rewrite("{% if x is not none %}")).isEqualTo("{% if x is not none %}");
        assertThat(NotPrecedence.rewrite("{{ 'not a is b' }} not x is y {# not c is d #}"))
                .isEqualTo("{{ 'not a is b' }} not x is y {# not c is d #}");
        assertThat(NotPrecedence.rewrite("{{ \"%}\" }}{% if not a %}")).isEqualTo("{{ \"%}\" }}{% if not (a) %}");
    }
}
