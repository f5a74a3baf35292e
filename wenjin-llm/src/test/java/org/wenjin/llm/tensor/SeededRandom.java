package org.wenjin.llm.tensor;

import java.util.Random;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives each test method a {@link Random} parameter seeded from {@code -Dtests.seed} or, by default,
 * a fresh seed, and adds the seed to the message of any failure so the run can be replayed.
 */
public final class SeededRandom implements BeforeEachCallback, ParameterResolver, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SeededRandom.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("seed", chooseSeed());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Random.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Long seed = context.getStore(NAMESPACE).get("seed", Long.class);
        if (seed == null) {
            seed = chooseSeed();
            context.getStore(NAMESPACE).put("seed", seed);
        }
        return new Random(seed);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Long seed = context.getStore(NAMESPACE).get("seed", Long.class);
        if (seed == null) {
            throw failure;
        }
        AssertionError withSeed = new AssertionError(failure.getMessage()
                + "\n  (replay with -Dtests.seed=" + seed + ")", failure);
        throw withSeed;
    }

    private static long chooseSeed() {
        String fixed = System.getProperty("tests.seed");
        return fixed != null && !fixed.isBlank() ? Long.parseLong(fixed.trim()) : new Random().nextLong();
    }
}
