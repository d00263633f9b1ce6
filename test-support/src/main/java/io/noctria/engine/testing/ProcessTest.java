package io.noctria.engine.testing;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

/**
 * A test that runs the product in child JVMs ({@link ChildJvm}). One deadline for all of them, sized for a few JVM
 * starts, journals and shutdown hooks on a loaded 2-core machine, so a hung child fails its test instead of the
 * build; it is a safety net, not a measure (what a test waits for it bounds with its own {@link Await} deadlines).
 * The tag lets a quick run leave them out: {@code -Dnoctria.test.excludedGroups=soak,process}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@Tag("process")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
public @interface ProcessTest
{
}
