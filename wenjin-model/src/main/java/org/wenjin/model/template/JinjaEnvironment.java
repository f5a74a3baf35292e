package org.wenjin.model.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import java.io.Serial;
import java.time.ZonedDateTime;
import java.util.Map;
import jinjava.javax.el.CompositeELResolver;

/**
 * Jinjava set up to render chat templates the way Hugging Face {@code transformers} renders them with
 * Jinja2 ({@code apply_chat_template}): {@code trim_blocks} and {@code lstrip_blocks} on, {@code -}
 * whitespace control on expressions and comments, Python's operator precedence
 * ({@code not x is defined}, {@code a + b | trim}, with {@link Jinja2Syntax}), the methods of Python
 * strings ({@link PythonStringMethods}), {@code tojson} as Python's {@code json.dumps},
 * the functions {@code raise_exception(message)} and {@code strftime_now(format)}, and the
 * {@code {% generation %}} block (which only marks assistant text for training, so it renders its body).
 */
final class JinjaEnvironment {

    /** Context variable holding the time {@code strftime_now} reports for the current rendering. */
    static final String NOW = "__wenjin_template_now";

    private JinjaEnvironment() {
    }

    static Jinjava create() {
        LegacyOverrides python = LegacyOverrides.newBuilder()
                .withUseTrimmingForNotesAndExpressions(true)
                .withParseWhitespaceControlStrictly(true)
                .withUseNaturalOperatorPrecedence(true)
                .withEvaluateMapKeys(true)
                .withIterateOverMapKeys(true)
                .withKeepNullableLoopValues(true)
                .withUsePyishObjectMapper(true)
                .build();
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaConfig.newBuilder().build().getElResolver());
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withLegacyOverrides(python)
                .withElResolver(resolver)
                .build();
        Jinjava jinjava = new Jinjava(config);
        jinjava.registerFunction(new ELFunctionDefinition("", "raise_exception", JinjaEnvironment.class, "raiseException", Object.class));
        jinjava.registerFunction(new ELFunctionDefinition("", "strftime_now", JinjaEnvironment.class, "strftimeNow", String.class));
        // Templates test for these with "is defined", which looks at variables, not functions.
        jinjava.getGlobalContext().put("raise_exception", Boolean.TRUE);
        jinjava.getGlobalContext().put("strftime_now", Boolean.TRUE);
        jinjava.registerFilter(new ToJson());
        jinjava.registerTag(new Generation());
        return jinjava;
    }

    /** {@code raise_exception(message)}: the template refuses the conversation. */
    public static Object raiseException(Object message) {
        throw new RaisedByTemplate(String.valueOf(message));
    }

    /** {@code strftime_now(format)}: the rendering's time in C strftime format. */
    public static String strftimeNow(String format) {
        Object now = JinjavaInterpreter.getCurrent().getContext().get(NOW);
        return Strftime.format(format, now instanceof ZonedDateTime time ? time : ZonedDateTime.now());
    }

    /** Thrown by {@code raise_exception}; its message is the template's. */
    static final class RaisedByTemplate extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        RaisedByTemplate(String message) {
            super(message);
        }
    }

    /** {@code x | tojson(indent=None, ensure_ascii=False, sort_keys=False)}, as transformers defines it. */
    static final class ToJson implements Filter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
            return filter(value, interpreter, args, Map.of());
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indent = kwargs.containsKey("indent") ? kwargs.get("indent") : args.length > 0 ? args[0] : null;
            boolean ensureAscii = Boolean.TRUE.equals(kwargs.get("ensure_ascii"));
            boolean sortKeys = Boolean.TRUE.equals(kwargs.get("sort_keys"));
            Integer spaces = indent == null ? null : Integer.valueOf(indent.toString());
            return PythonJson.dumps(value, spaces, ensureAscii, sortKeys);
        }
    }

    /** {@code {% generation %}...{% endgeneration %}}: renders its body. */
    static final class Generation implements Tag {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public String getName() {
            return "generation";
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            StringBuilder out = new StringBuilder();
            for (Node child : tagNode.getChildren()) {
                out.append(child.render(interpreter).getValue());
            }
            return out.toString();
        }
    }
}
