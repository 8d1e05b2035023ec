package com.polardbx.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects {@link TestingDataNodes#shared()} into test constructors, lifecycle methods and test
 * methods: {@code @ExtendWith(TestingDataNodesExtension.class)} then take a {@code TestingDataNodes} parameter.
 */
public final class TestingDataNodesExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestingDataNodes.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return TestingDataNodes.shared();
    }
}
