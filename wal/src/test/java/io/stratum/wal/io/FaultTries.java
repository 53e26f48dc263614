package io.stratum.wal.io;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * {@code -Dstratum.fault.tries=N} replaces the tries of every storage-fault campaign property (CI runs the
 * modest number in the annotation; a long campaign: {@code mvn test -pl wal,engine -Dtest='*FaultCampaign*'
 * -Dstratum.fault.tries=5000}). {@code -Dstratum.fault.seed=S} replaces the fixed seed.
 */
public final class FaultTries implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(final PropertyLifecycleContext context, final PropertyExecutor property) {
        final String tries = System.getProperty("stratum.fault.tries");
        if (tries != null && !tries.isBlank()) {
            context.attributes().setTries(Integer.valueOf(tries.trim()));
        }
        final String seed = System.getProperty("stratum.fault.seed");
        if (seed != null && !seed.isBlank()) {
            context.attributes().setSeed(seed.trim());
        }
        return property.execute();
    }

    @Override
    public int aroundPropertyProximity() {
        return -100;
    }

    /** Registered on a test class, the hook must reach its property methods (jqwik's default: the class only). */
    @Override
    public net.jqwik.api.lifecycle.PropagationMode propagateTo() {
        return net.jqwik.api.lifecycle.PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public boolean appliesTo(final java.util.Optional<java.lang.reflect.AnnotatedElement> element) {
        return element.map(e -> e instanceof java.lang.reflect.Method).orElse(false);
    }
}
