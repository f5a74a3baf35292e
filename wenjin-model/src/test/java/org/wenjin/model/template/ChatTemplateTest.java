package org.wenjin.model.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wenjin.model.ChatMessage;

/**
 * Real chat templates (Qwen2.5-Instruct's and Llama-3.2-Instruct's, from their tokenizer_config.json)
 * and the fallbacks, rendered to the exact text Hugging Face's apply_chat_template gives: every expected
 * string here is the output of Python's Jinja2 3.1 for the same template and variables, in the
 * environment transformers sets up (trim_blocks, lstrip_blocks, json.dumps as tojson).
 */
class ChatTemplateTest {

    private static final Clock JULY_26_2024 = Clock.fixed(LocalDate.of(2024, 7, 26).atTime(9, 30).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    private static final List<ChatMessage> CONVERSATION = List.of(
            ChatMessage.system("You are a helpful assistant."),
            ChatMessage.user("Hello"),
            ChatMessage.assistant("Hi there"),
            ChatMessage.user(" How are you? "));

    private static ChatTemplate qwen() throws IOException {
        return ChatTemplate.of(resource("qwen2.5-instruct.jinja"), "<|endoftext|>", "<|im_end|>");
    }

    private static ChatTemplate llama() throws IOException {
        return ChatTemplate.of(resource("llama-3.2-instruct.jinja"), "<|begin_of_text|>", "<|eot_id|>").withClock(JULY_26_2024);
    }

    @Test
    void qwenWritesChatMlTurnsAndOpensTheAssistantTurn() throws IOException {
        assertThat(qwen().render(CONVERSATION, true)).isEqualTo(
                "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                        + "<|im_start|>user\nHello<|im_end|>\n"
                        + "<|im_start|>assistant\nHi there<|im_end|>\n"
                        + "<|im_start|>user\n How are you? <|im_end|>\n"
                        + "<|im_start|>assistant\n");
        assertThat(qwen().render(CONVERSATION.subList(0, 2), false)).isEqualTo(
                "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n");
        assertThat(qwen().rendersBos()).isFalse();
    }

    @Test
    void qwenSuppliesItsOwnSystemMessageWhenThereIsNone() throws IOException {
        assertThat(qwen().render(List.of(ChatMessage.user("你好")), true)).isEqualTo(
                "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
                        + "<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void qwenListsToolsAsPythonJson() throws IOException {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", "get_weather");
        function.put("description", "Current weather in a city");
        function.put("parameters", Map.of("type", "object"));
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("type", "function");
        ordered.put("function", function);
        String prompt = qwen().render(List.of(ChatMessage.user("Weather in Paris?")), true, Map.of("tools", List.of(ordered)));
        assertThat(prompt).isEqualTo(
                "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.\n\n"
                        + "# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
                        + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
                        + "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
                        + "\"description\": \"Current weather in a city\", \"parameters\": {\"type\": \"object\"}}}\n"
                        + "</tools>\n\nFor each function call, return a json object with function name and arguments "
                        + "within <tool_call></tool_call> XML tags:\n<tool_call>\n"
                        + "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n"
                        + "<|im_start|>user\nWeather in Paris?<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void llamaStartsWithBosAndDatesTheSystemHeader() throws IOException {
        assertThat(llama().render(CONVERSATION, true)).isEqualTo(
                "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                        + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n"
                        + "You are a helpful assistant.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\nHi there<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nHow are you?<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
        assertThat(llama().rendersBos()).isTrue();
    }

    @Test
    void llamaWritesAnEmptySystemMessageAndTakesTheDateFromTheClockOrTheCaller() throws IOException {
        Clock march5 = Clock.fixed(LocalDate.of(2025, 3, 5).atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        String expected = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                + "Cutting Knowledge Date: December 2023\nToday Date: 05 Mar 2025\n\n<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n";
        assertThat(llama().withClock(march5).render(List.of(ChatMessage.user("Hi")), true)).isEqualTo(expected);
        assertThat(llama().render(List.of(ChatMessage.user("Hi")), true, Map.of("date_string", "05 Mar 2025"))).isEqualTo(expected);
    }

    @Test
    void llamaRaisesItsOwnErrorForToolsWithoutAUserMessage() throws IOException {
        List<Map<String, Object>> tools = List.of(Map.of("name", "get_weather"));
        assertThatThrownBy(() -> llama().render(List.of(ChatMessage.system("sys")), true, Map.of("tools", tools)))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageContaining("Cannot put tools in the first user message when there's no first user message!");
    }

    @Test
    void llamaPutsToolsIntoTheFirstUserMessageAsIndentedJson() throws IOException {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("type", "object");
        parameters.put("required", List.of("city"));
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", "get_weather");
        function.put("parameters", parameters);
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", function);
        List<ChatMessage> messages = List.of(ChatMessage.user("Weather in Paris?"), ChatMessage.assistant("Let me check."), ChatMessage.user("Thanks"));
        assertThat(llama().render(messages, true, Map.of("tools", List.of(tool)))).isEqualTo(
                "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nEnvironment: ipython\n"
                        + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nGiven the following functions, please respond with a JSON "
                        + "for a function call with its proper arguments that best answers the given prompt.\n\n"
                        + "Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name and its value}."
                        + "Do not use variables.\n\n"
                        + "{\n    \"type\": \"function\",\n    \"function\": {\n        \"name\": \"get_weather\",\n"
                        + "        \"parameters\": {\n            \"type\": \"object\",\n            \"required\": [\n"
                        + "                \"city\"\n            ]\n        }\n    }\n}\n\n"
                        + "Weather in Paris?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nLet me check.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nThanks<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void qwen3DropsTheReasoningOfEarlierAnswersAndCanSwitchThinkingOff() throws IOException {
        ChatTemplate qwen3 = ChatTemplate.of(resource("qwen3.jinja"), "", "<|im_end|>");
        List<ChatMessage> conversation = List.of(
                ChatMessage.system("Answer briefly."),
                ChatMessage.user("2+2?"),
                ChatMessage.assistant("<think>\nAdd them.\n</think>\n\n4"),
                ChatMessage.user("And 3+3?"));
        String history = "<|im_start|>system\nAnswer briefly.<|im_end|>\n<|im_start|>user\n2+2?<|im_end|>\n"
                + "<|im_start|>assistant\n4<|im_end|>\n<|im_start|>user\nAnd 3+3?<|im_end|>\n<|im_start|>assistant\n";
        assertThat(qwen3.render(conversation, true)).isEqualTo(history);
        assertThat(qwen3.render(conversation, true, Map.of("enable_thinking", false))).isEqualTo(history + "<think>\n\n</think>\n\n");
        // An answer after the last question keeps its reasoning, cut out of the text with split/rstrip/lstrip.
        assertThat(qwen3.render(conversation.subList(1, 3), false))
                .isEqualTo("<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n<think>\nAdd them.\n</think>\n\n4<|im_end|>\n");
    }

    @Test
    void pythonStringMethodsBehaveAsInPython() {
        ChatTemplate template = ChatTemplate.of("""
                {{- messages[0].content.split() }}|{{ messages[0].content.strip().split(' ', 1) }}|{{ messages[0].content.lstrip() }}|
                {{- messages[0].content.rstrip(' ') }}|{{ 'a,b,,c'.split(',') }}|{{ 'x'.startswith(('y', 'x')) }}|{{ 'abc'.endswith('bc') }}|
                {{- 'hello world'.title() }}|{{ 'hELLO'.capitalize() }}|{{ '-'.join(['a', 'b']) }}|{{ 'banana'.count('an') }}|{{ 'abc'.find('c') }}|
                {{- 'ab'.upper() }}{{ 'AB'.lower() }}|{{ 'aXbX'.replace('X', '.') }}
                """, "", "");
        assertThat(template.render(List.of(ChatMessage.user("  two  words  ")), false))
                .isEqualTo("['two', 'words']|['two', ' words']|two  words  |  two  words|['a', 'b', '', 'c']|true|true|"
                        + "Hello World|Hello|a-b|2|2|ABab|a.b.");
    }

    @Test
    void chatMlFallbackWritesEveryTurnAsIs() {
        ChatTemplate chatMl = ChatTemplate.chatMl("", "<|im_end|>");
        assertThat(chatMl.render(CONVERSATION, true)).isEqualTo(
                "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                        + "<|im_start|>user\nHello<|im_end|>\n"
                        + "<|im_start|>assistant\nHi there<|im_end|>\n"
                        + "<|im_start|>user\n How are you? <|im_end|>\n"
                        + "<|im_start|>assistant\n");
        assertThat(chatMl.render(List.of(ChatMessage.user("Hi")), false)).isEqualTo("<|im_start|>user\nHi<|im_end|>\n");
        assertThat(chatMl.rendersBos()).isFalse();
    }

    @Test
    void llama3FallbackTrimsContentAndPutsBosFirst() {
        ChatTemplate llama3 = ChatTemplate.llama3("<|begin_of_text|>", "<|eot_id|>");
        assertThat(llama3.render(CONVERSATION, true)).isEqualTo(
                "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are a helpful assistant.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\nHi there<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nHow are you?<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
        assertThat(llama3.rendersBos()).isTrue();
    }

    @Test
    void templatesMayRejectAConversationWithRaiseException() {
        // The alternation check of Llama 2 and Mistral templates.
        ChatTemplate alternating = ChatTemplate.of("""
                {%- for message in messages %}
                    {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}
                        {{- raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}
                    {%- endif %}
                    {{- '[' + message['role'] + '] ' + message['content'].strip() + '\\n' }}
                {%- endfor %}
                """, "<s>", "</s>");
        assertThat(alternating.render(List.of(ChatMessage.user(" a "), ChatMessage.assistant("b ")), false)).isEqualTo("[user] a\n[assistant] b\n");
        assertThatThrownBy(() -> alternating.render(List.of(ChatMessage.user("a"), ChatMessage.user("b")), true))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessage("the chat template rejected the conversation: Conversation roles must alternate user/assistant/user/assistant/...");
    }

    @Test
    void namespacesSlicesAndTestsWorkAsInJinja2() {
        ChatTemplate template = ChatTemplate.of("""
                {%- set ns = namespace(last_user=-1, count=0) %}
                {%- for message in messages %}
                    {%- if message.role == 'user' %}{% set ns.last_user = loop.index0 %}{% endif %}
                    {%- set ns.count = ns.count + 1 %}
                {%- endfor %}
                {{- ns.last_user }}/{{ ns.count }}|{{ messages[0]['content'][:5] }}|{{ messages[1:] | length }}
                {{- '|' + (messages | last).role }}|{{ messages[0].tool_calls is defined }}|{{ bos_token }}{{ eos_token }}
                """, "<s>", "</s>");
        List<ChatMessage> messages = List.of(ChatMessage.system("Be brief, please."), ChatMessage.user("Hi"), ChatMessage.assistant("Hello"));
        assertThat(template.render(messages, true)).isEqualTo("1/3|Be br|2|assistant|false|<s></s>");
    }

    @Test
    void aBrokenTemplateIsReportedWithItsLine() {
        assertThatThrownBy(() -> ChatTemplate.of("line one\n{{ messages[0]['content' }}", "", "").render(List.of(ChatMessage.user("x")), true))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageStartingWith("chat template error at line 2");
    }

    static String resource(String name) throws IOException {
        try (InputStream in = ChatTemplateTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
