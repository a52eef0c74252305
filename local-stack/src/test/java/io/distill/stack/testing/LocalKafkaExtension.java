package io.distill.stack.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the per-JVM {@link SharedKafka} into test constructors, lifecycle methods and test methods:
 *
 * <pre>{@code
 * @ExtendWith(LocalKafkaExtension.class)
 * class MyIT {
 *     @Test
 *     void roundTrip(SharedKafka kafka) {
 *         String topic = kafka.createTopic("round-trip", 1);
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class LocalKafkaExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context) {
        return parameter.getParameter().getType() == SharedKafka.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
        return SharedKafka.get();
    }
}
