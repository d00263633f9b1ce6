import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Build step of the engine module (run by Maven at generate-sources as a single-file Java program, with the module's
 * runtime class path): writes the Java source of the Chronicle Values native classes Chronicle Map would otherwise
 * generate and compile with javac inside every engine process that opens the outbox mirror.
 * <p>
 * Why: opening the mirror loaded about 1,100 javac classes and compiled
 * {@code net.openhft.chronicle.hash.VanillaGlobalMutableState$$Native} at each start, over a third of a start's
 * CPU on this machine. {@code ValueModel.createClass} first asks the class loader for {@code <interface>$$Native}
 * and compiles only when that fails, so a class compiled with the module is simply used. The source comes from the
 * library's own generator, so it matches the library version the build resolves.
 * <p>
 * Usage: {@code java -cp <runtime class path> ChronicleNativeClasses.java OUTPUT_DIR INTERFACE...}
 */
public final class ChronicleNativeClasses
{
    public static void main(final String[] args) throws Exception
    {
        final Path out = Paths.get(args[0]);
        final Class<?> valueModel = Class.forName("net.openhft.chronicle.values.ValueModel");
        final Class<?> generators = Class.forName("net.openhft.chronicle.values.Generators");
        final Method acquire = valueModel.getMethod("acquire", Class.class);
        final Method simpleName = valueModel.getDeclaredMethod("simpleName");
        final Method generate = generators.getDeclaredMethod("generateNativeClass", valueModel, String.class);
        simpleName.setAccessible(true);
        generate.setAccessible(true);
        for (int i = 1; i < args.length; i++)
        {
            final Class<?> valueInterface = Class.forName(args[i]);
            final Object model = acquire.invoke(null, valueInterface);
            final String className = simpleName.invoke(model) + "$$Native";
            final String source = (String)generate.invoke(null, model, className);
            final Path file = out.resolve(valueInterface.getPackageName().replace('.', '/')).resolve(className + ".java");
            Files.createDirectories(file.getParent());
            // Only when it changed: an unchanged file keeps the compiler's incremental check quiet.
            if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(source))
            {
                Files.writeString(file, source, StandardCharsets.UTF_8);
            }
            System.out.println("chronicle native class: " + file);
        }
    }
}
