package io.noctria.engine.outbox;

import net.openhft.chronicle.hash.VanillaGlobalMutableState;
import net.openhft.chronicle.values.Values;
import org.junit.jupiter.api.Test;

import java.security.CodeSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native class Chronicle Map asks Chronicle Values for when it opens the outbox mirror is the one the build
 * compiled (engine/src/build/ChronicleNativeClasses.java), not one javac compiles inside the engine at every start.
 */
class ChronicleNativeClassTest
{
    @Test
    void shouldTakeTheNativeClassCompiledWithTheModule()
    {
        final Class<?> nativeClass = Values.nativeClassFor(VanillaGlobalMutableState.class);
        assertEquals("net.openhft.chronicle.hash.VanillaGlobalMutableState$$Native", nativeClass.getName());
        // A class Chronicle compiles at run time is defined without a code source; ours comes from the module's classes.
        final CodeSource source = nativeClass.getProtectionDomain().getCodeSource();
        assertNotNull(source, "compiled at run time by Chronicle, not taken from the build");
        final String location = source.getLocation().toString();
        assertTrue(location.contains("engine"), location);
    }
}
