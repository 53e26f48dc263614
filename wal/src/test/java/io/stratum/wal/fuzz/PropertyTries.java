package io.stratum.wal.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * A jqwik hook that replaces a property's tries and seed with the system properties {@code PREFIX.tries}
 * and {@code PREFIX.seed} when they are set (the fixed numbers in the annotations stay for CI). Subclasses
 * name the prefix: {@link FuzzTries}, {@code io.stratum.wal.io.FaultTries}.
 */
public abstract class PropertyTries implements AroundPropertyHook {
    private final String prefix;

    protected PropertyTries(final String prefix) {
        this.prefix = prefix;
    }

    @Override
    public PropertyExecutionResult aroundProperty(final PropertyLifecycleContext context, final PropertyExecutor property) {
        final String tries = System.getProperty(prefix + ".tries");
        if (tries != null && !tries.isBlank()) {
            context.attributes().setTries(Integer.valueOf(tries.trim()));
        }
        final String seed = System.getProperty(prefix + ".seed");
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
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public boolean appliesTo(final java.util.Optional<java.lang.reflect.AnnotatedElement> element) {
        return element.map(e -> e instanceof java.lang.reflect.Method).orElse(false);
    }
}
