package org.wenjin.model.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Jinja2 that Jinjava would read differently, spelled out before parsing. */
class Jinja2SyntaxTest {

    @Test
    void wrapsTheWholeTestOrComparisonAfterNot() {
        assertThat(Jinja2Syntax.rewrite("{%- if not tools_in_user_message is defined %}"))
                .isEqualTo("{%- if not (tools_in_user_message is defined) %}");
        assertThat(Jinja2Syntax.rewrite("{%- if not message.tool_calls|length == 1 %}"))
                .isEqualTo("{%- if not (message.tool_calls|length == 1) %}");
        assertThat(Jinja2Syntax.rewrite("{%- if tools_in_user_message and not tools is none %}"))
                .isEqualTo("{%- if tools_in_user_message and not (tools is none) %}");
        assertThat(Jinja2Syntax.rewrite("{%- if not (message.role == 'ipython' or 'tool_calls' in message) %}"))
                .isEqualTo("{%- if not ((message.role == 'ipython' or 'tool_calls' in message)) %}");
    }

    @Test
    void stopsAtAndOrIfElseCommasAndClosingBrackets() {
        assertThat(Jinja2Syntax.rewrite("{{ not a or b }}")).isEqualTo("{{ not (a) or b }}");
        assertThat(Jinja2Syntax.rewrite("{{- 'x' if not a['k'] else 'y' -}}")).isEqualTo("{{- 'x' if not (a['k']) else 'y' -}}");
        assertThat(Jinja2Syntax.rewrite("{{ f(not a, b) }}")).isEqualTo("{{ f(not (a), b) }}");
        assertThat(Jinja2Syntax.rewrite("{{ not a -}}")).isEqualTo("{{ not (a) -}}");
    }

    @Test
    void leavesBinaryNotInIsNotStringsAndCommentsAlone() {
        assertThat(Jinja2Syntax.rewrite("{{ a not in b }}")).isEqualTo("{{ a not in b }}");
        assertThat(Jinja2Syntax.rewrite("{% if x is not none %}")).isEqualTo("{% if x is not none %}");
        assertThat(Jinja2Syntax.rewrite("{{ 'not a is b' }} not x is y {# not c is d #}"))
                .isEqualTo("{{ 'not a is b' }} not x is y {# not c is d #}");
        assertThat(Jinja2Syntax.rewrite("{{ \"%}\" }}{% if not a %}")).isEqualTo("{{ \"%}\" }}{% if not (a) %}");
    }

    @Test
    void turnsTheReversingSliceIntoTheReverseFilter() {
        assertThat(Jinja2Syntax.rewrite("{%- for message in messages[::-1] %}")).isEqualTo("{%- for message in messages|reverse|list %}");
        assertThat(Jinja2Syntax.rewrite("{{ messages[1:] }} [::-1]")).isEqualTo("{{ messages[1:] }} [::-1]");
    }

    @Test
    void putsKeywordArgumentValuesInParentheses() {
        assertThat(Jinja2Syntax.rewrite("{%- set ns = namespace(multi_step_tool=true, last_query_index=messages|length - 1) %}"))
                .isEqualTo("{%- set ns = namespace(multi_step_tool=(true), last_query_index=(messages|length - 1)) %}");
        assertThat(Jinja2Syntax.rewrite("{{ t | tojson(indent=4) }}{% set a = b == c %}{{ f(x == y) }}"))
                .isEqualTo("{{ t | tojson(indent=(4)) }}{% set a = b == c %}{{ f(x == y) }}");
    }
}
