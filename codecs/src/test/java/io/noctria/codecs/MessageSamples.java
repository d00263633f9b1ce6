package io.noctria.codecs;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.OrderRequestEncoder;
import io.noctria.codecs.sbe.ControlEncoder;
import io.noctria.codecs.sbe.PolicyReloadEncoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageEncoderFlyweight;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Test fixture shared with other modules (the codecs test-jar): one fully populated, distinctive sample of every
 * message of the schema, and the values tools must show for it. The samples are a table,
 * {@code message-samples.txt} beside this class (its header says how to read it); this class encodes them with the
 * generated encoders, through the setter each field's name gives, and computes what tools must show.
 * <p>
 * Every field is set to a value unlike its default and unlike the other fields of the message (so a swapped or
 * dropped field shows), fixed strings include one with a space, and every var-data string holds a space and a
 * quote (some also a backslash, a control character and non-ASCII text) to exercise escaping.
 * <p>
 * The expected values are computed with independent means (java.time, BigDecimal, HexFormat, hand-written JSON
 * literals for escaped text), not with the formatter under test. Use:
 * <pre>{@code
 * final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageSamples.MAX_ENCODED_LENGTH]);
 * for (final int templateId : MessageSamples.templateIds())
 * {
 *     final int length = MessageSamples.encode(templateId, buffer, 0);
 *     // journal buffer[0, length), read it back through tail --format json, then compare with
 *     MessageSamples.expectedJson(index, templateId);             // the whole line, or field by field:
 *     MessageSamples.expectedJsonValues(templateId);             // name -> JSON literal, schema order
 * }
 * }</pre>
 */
public final class MessageSamples
{
    /** A buffer of this many bytes (from the encode offset) holds any sample, also with 256 extra block bytes. */
    public static final int MAX_ENCODED_LENGTH = 1024;

    /** The first time of the samples: 2026-11-22T04:20:03.123456789Z; every time field is this plus a few ns. */
    public static final long BASE_TIME_NS = 1_795_321_203_123_456_789L;

    private static final DateTimeFormatter ISO_NANOS =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private MessageSamples()
    {
    }

    /** @return every template id of the schema, in id order. */
    public static int[] templateIds()
    {
        return Messages.templateIds();
    }

    /**
     * Encodes the sample of a message type, header included.
     *
     * @param templateId the message type.
     * @param buffer     where to write.
     * @param offset     of the header in the buffer.
     * @return the encoded length.
     * @throws IllegalArgumentException for a template id not in the schema.
     */
    public static int encode(final int templateId, final MutableDirectBuffer buffer, final int offset)
    {
        return sample(templateId, new Sample(), buffer, offset);
    }

    /**
     * Encodes the sample as a newer schema version would: the header claims {@code version} and a block
     * {@code extraBlockBytes} longer, filled with a non-zero pattern standing for the fields this build does not
     * know, and the var data follows that longer block. This build must show the same known values.
     *
     * @param templateId      the message type.
     * @param buffer          where to write.
     * @param offset          of the header in the buffer.
     * @param version         the header version to claim (greater than this build's for a newer message).
     * @param extraBlockBytes trailing fixed bytes added to the block (at most 256).
     * @return the encoded length.
     */
    public static int encodeNewerVersion(
        final int templateId, final MutableDirectBuffer buffer, final int offset, final int version,
        final int extraBlockBytes)
    {
        if (extraBlockBytes < 0 || extraBlockBytes > 256)
        {
            throw new IllegalArgumentException("extraBlockBytes must be 0..256: " + extraBlockBytes);
        }
        final int length = encode(templateId, buffer, offset);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        final int blockLength = header.blockLength();
        final int varDataStart = offset + MessageHeaderDecoder.ENCODED_LENGTH + blockLength;
        final byte[] varData = new byte[offset + length - varDataStart];
        buffer.getBytes(varDataStart, varData);
        for (int i = 0; i < extraBlockBytes; i++)
        {
            buffer.putByte(varDataStart + i, (byte)(0xA5 ^ i));
        }
        buffer.putBytes(varDataStart + extraBlockBytes, varData);
        new MessageHeaderEncoder().wrap(buffer, offset)
            .blockLength(blockLength + extraBlockBytes)
            .version(version);
        return length + extraBlockBytes;
    }

    /**
     * @param templateId the message type.
     * @return field name to the JSON literal a tool must print for the sample (numbers bare, strings quoted and
     * escaped), in schema order.
     */
    public static LinkedHashMap<String, String> expectedJsonValues(final int templateId)
    {
        return record(templateId).json;
    }

    /**
     * @param templateId the message type.
     * @return field name to the value in the text format (times ISO-8601, strings quoted only when they hold a
     * space, quote, backslash, {@code =} or control character), in schema order.
     */
    public static LinkedHashMap<String, String> expectedTextValues(final int templateId)
    {
        return record(templateId).text;
    }

    /**
     * @param templateId the message type.
     * @return the time tools show for the sample (the ingress stamp of an input, {@code tsNs} of an event).
     */
    public static long expectedTimeNs(final int templateId)
    {
        return record(templateId).timeNs;
    }

    /**
     * @param templateId the message type.
     * @return exactly what {@code MessageFormatter.appendJsonFields} writes for the sample.
     */
    public static String expectedJsonFields(final int templateId)
    {
        final StringBuilder out = new StringBuilder();
        for (final Map.Entry<String, String> field : expectedJsonValues(templateId).entrySet())
        {
            if (out.length() > 0)
            {
                out.append(',');
            }
            out.append('"').append(field.getKey()).append("\":").append(field.getValue());
        }
        return out.toString();
    }

    /**
     * @param index      the record index the tool prints.
     * @param templateId the message type.
     * @return exactly what {@code MessageFormatter.appendJson} writes for the sample.
     */
    public static String expectedJson(final long index, final int templateId)
    {
        return "{\"index\":" + index + ",\"type\":\"" + Messages.name(templateId) + "\"," +
            expectedJsonFields(templateId) + "}";
    }

    /**
     * Fields added to existing messages in schema version 2 (trust boundaries): a message written with the v1 codecs
     * lacks them, and tools show them as {@code null}.
     *
     * @param templateId the message type.
     * @return the names of its fields added in version 2, empty when none.
     */
    public static List<String> fieldsAddedInVersion2(final int templateId)
    {
        switch (templateId)
        {
            case OrderRequestEncoder.TEMPLATE_ID: return List.of("authTag");
            case ControlEncoder.TEMPLATE_ID:
            case PolicyReloadEncoder.TEMPLATE_ID: return List.of("signature");
            default: return List.of();
        }
    }

    /**
     * @param index      the record index the tool prints.
     * @param templateId the message type.
     * @return what {@code MessageFormatter.appendJson} writes for the sample written with the v1 codecs: the fields
     * of {@link #fieldsAddedInVersion2} are {@code null}.
     */
    public static String expectedJsonAsV1(final long index, final int templateId)
    {
        final StringBuilder out = new StringBuilder("{\"index\":").append(index).append(",\"type\":\"")
            .append(Messages.name(templateId)).append('"');
        for (final Map.Entry<String, String> field : expectedJsonValues(templateId).entrySet())
        {
            out.append(",\"").append(field.getKey()).append("\":")
                .append(fieldsAddedInVersion2(templateId).contains(field.getKey()) ? "null" : field.getValue());
        }
        return out.append('}').toString();
    }

    /**
     * @param index      the record index the tool prints.
     * @param templateId the message type.
     * @return what {@code MessageFormatter.appendText} writes for the sample written with the v1 codecs.
     */
    public static String expectedTextAsV1(final long index, final int templateId)
    {
        final StringBuilder out = new StringBuilder()
            .append(index).append(' ').append(iso(expectedTimeNs(templateId))).append(' ')
            .append(Messages.name(templateId));
        for (final Map.Entry<String, String> field : expectedTextValues(templateId).entrySet())
        {
            out.append(' ').append(field.getKey()).append('=')
                .append(fieldsAddedInVersion2(templateId).contains(field.getKey()) ? "null" : field.getValue());
        }
        return out.toString();
    }

    /**
     * @param index      the record index the tool prints.
     * @param templateId the message type.
     * @return exactly what {@code MessageFormatter.appendText} writes for the sample.
     */
    public static String expectedText(final long index, final int templateId)
    {
        final StringBuilder out = new StringBuilder()
            .append(index).append(' ').append(iso(expectedTimeNs(templateId))).append(' ')
            .append(Messages.name(templateId));
        for (final Map.Entry<String, String> field : expectedTextValues(templateId).entrySet())
        {
            out.append(' ').append(field.getKey()).append('=').append(field.getValue());
        }
        return out.toString();
    }

    /**
     * @param epochNs nanoseconds since the epoch.
     * @return ISO-8601 UTC with nine fraction digits, computed with java.time.
     */
    public static String iso(final long epochNs)
    {
        return ISO_NANOS.format(Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L),
            Math.floorMod(epochNs, 1_000_000_000L)));
    }

    private static Sample record(final int templateId)
    {
        final Sample sample = new Sample();
        sample(templateId, sample, new UnsafeBuffer(new byte[MAX_ENCODED_LENGTH]), 0);
        return sample;
    }

    /**
     * Encodes a sample with today's generated encoder, setting each field of the table through its generated
     * setter, and records in {@code s} what tools must show for it.
     */
    private static int sample(final int templateId, final Sample s, final MutableDirectBuffer buffer, final int offset)
    {
        final List<Field> fields = SampleTable.FIELDS.get(templateId);
        if (fields == null)
        {
            throw new IllegalArgumentException("no sample for template id " + templateId);
        }
        final String encoderName = "io.noctria.codecs.sbe." + Messages.schemaName(templateId) + "Encoder";
        try
        {
            final MessageEncoderFlyweight encoder =
                (MessageEncoderFlyweight)Class.forName(encoderName).getDeclaredConstructor().newInstance();
            encoder.getClass().getMethod("wrapAndApplyHeader",
                MutableDirectBuffer.class, int.class, MessageHeaderEncoder.class)
                .invoke(encoder, buffer, offset, new MessageHeaderEncoder());
            for (final Field field : fields)
            {
                field.encode(s, encoder);
            }
            return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("cannot encode the " + Messages.name(templateId) + " sample with " +
                encoderName, ex);
        }
    }

    /** One row of message-samples.txt: a field, how its value is written and shown, the value. */
    private static final class Field
    {
        final String name;
        final String kind;
        final String value;
        String jsonLiteral;

        Field(final String name, final String kind, final String value)
        {
            this.name = name;
            this.kind = kind;
            this.value = value;
        }

        /** Records what the field must show as and sets it through the generated setter of its name. */
        void encode(final Sample s, final Object encoder) throws ReflectiveOperationException
        {
            final Class<?> type = encoder.getClass();
            switch (kind)
            {
                case "integer":
                    setNumber(encoder, s.integer(name, Long.parseLong(value)));
                    break;
                case "decimal":
                case "ppm":
                    setNumber(encoder, s.decimal(name, Long.parseLong(value)));
                    break;
                case "time":
                    setNumber(encoder, s.time(name, BASE_TIME_NS + Long.parseLong(value)));
                    break;
                case "messageTime":
                    setNumber(encoder, s.messageTime(name, BASE_TIME_NS + Long.parseLong(value)));
                    break;
                case "enum":
                    final Method setter = setter(type, Class::isEnum);
                    setter.invoke(encoder, s.enumValue(name, enumConstant(setter.getParameterTypes()[0], value)));
                    break;
                case "chars":
                    type.getMethod(name, String.class).invoke(encoder, s.chars(name, value));
                    break;
                case "var":
                    type.getMethod(name, String.class).invoke(encoder, s.var(name, value, jsonLiteral));
                    break;
                case "hash":
                    final String[] seedAndLength = value.split(" ");
                    final int length = seedAndLength.length > 1 ? Integer.parseInt(seedAndLength[1]) : 32;
                    type.getMethod("put" + Character.toUpperCase(name.charAt(0)) + name.substring(1),
                        byte[].class, int.class, int.class)
                        .invoke(encoder, s.hash(name, Integer.parseInt(seedAndLength[0]), length), 0, length);
                    break;
                default:
                    throw new IllegalStateException("unknown sample kind " + kind + " of " + name);
            }
        }

        /** Integers go through the setter's own primitive type, as a caller's cast would. */
        private void setNumber(final Object encoder, final long number) throws ReflectiveOperationException
        {
            final Method setter = setter(encoder.getClass(), Class::isPrimitive);
            final Class<?> parameter = setter.getParameterTypes()[0];
            final Object argument = parameter == long.class ? (Object)number :
                parameter == int.class ? (Object)(int)number :
                parameter == short.class ? (Object)(short)number : (Object)(byte)number;
            setter.invoke(encoder, argument);
        }

        private Method setter(final Class<?> type, final Predicate<Class<?>> parameter)
        {
            for (final Method method : type.getMethods())
            {
                if (method.getName().equals(name) && method.getParameterCount() == 1 &&
                    parameter.test(method.getParameterTypes()[0]))
                {
                    return method;
                }
            }
            throw new IllegalStateException("no setter " + name + " for a " + kind + " in " + type.getName());
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Enum<?> enumConstant(final Class<?> type, final String constant)
        {
            return Enum.valueOf((Class)type, constant);
        }
    }

    /** message-samples.txt, read once: template id to its fields in schema order. */
    private static final class SampleTable
    {
        static final String RESOURCE = "message-samples.txt";
        static final Map<Integer, List<Field>> FIELDS = read();

        private static Map<Integer, List<Field>> read()
        {
            final List<String> lines;
            try (InputStream in = MessageSamples.class.getResourceAsStream(RESOURCE))
            {
                if (in == null)
                {
                    throw new IllegalStateException("missing test resource io/noctria/codecs/" + RESOURCE);
                }
                lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().collect(Collectors.toList());
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read " + RESOURCE, ex);
            }
            final Map<Integer, List<Field>> fields = new HashMap<>();
            List<Field> message = null;
            for (int i = 0; i < lines.size(); i++)
            {
                final String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#"))
                {
                    continue;
                }
                final String where = RESOURCE + " line " + (i + 1) + ": ";
                if (!Character.isWhitespace(line.charAt(0)))
                {
                    final int templateId = Messages.templateIdOfSchemaName(line.strip());
                    if (templateId < 0 || fields.containsKey(templateId))
                    {
                        throw new IllegalStateException(where + "not a message of the schema, or a second sample of " +
                            "it: " + line);
                    }
                    message = new ArrayList<>();
                    fields.put(templateId, message);
                    continue;
                }
                final String[] row = line.strip().split("\\s+", 3);
                if (message == null || row.length != 3)
                {
                    throw new IllegalStateException(where + "expected 'field kind value' under a message: " + line);
                }
                if (row[1].equals("json"))
                {
                    final Field var = message.isEmpty() ? null : message.get(message.size() - 1);
                    if (var == null || !var.kind.equals("var") || !var.name.equals(row[0]))
                    {
                        throw new IllegalStateException(where + "a json row must follow the var row of " + row[0]);
                    }
                    var.jsonLiteral = row[2];
                    continue;
                }
                message.add(new Field(row[0], row[1], row[1].equals("var") ? unescape(row[2]) : row[2]));
            }
            return fields;
        }

        /** {@code \n}, {@code \t} and {@code \\} in a var row stand for a newline, a tab and a backslash. */
        private static String unescape(final String text)
        {
            final StringBuilder out = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++)
            {
                final char c = text.charAt(i);
                if (c != '\\' || i + 1 == text.length())
                {
                    out.append(c);
                    continue;
                }
                final char escaped = text.charAt(++i);
                out.append(escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped);
            }
            return out.toString();
        }
    }

    /** Records, while a sample is encoded, the value each field must show as. */
    private static final class Sample
    {
        final LinkedHashMap<String, String> json = new LinkedHashMap<>();
        final LinkedHashMap<String, String> text = new LinkedHashMap<>();
        long timeNs = Long.MIN_VALUE;

        long integer(final String name, final long value)
        {
            put(name, Long.toString(value), Long.toString(value));
            return value;
        }

        long decimal(final String name, final long fixedPoint)
        {
            final String decimal = BigDecimal.valueOf(fixedPoint, 6).stripTrailingZeros().toPlainString();
            put(name, decimal, decimal);
            return fixedPoint;
        }

        long time(final String name, final long epochNs)
        {
            put(name, Long.toString(epochNs), iso(epochNs));
            return epochNs;
        }

        /** The field tools show as the message's time. */
        long messageTime(final String name, final long epochNs)
        {
            timeNs = epochNs;
            return time(name, epochNs);
        }

        Enum<?> enumValue(final String name, final Enum<?> value)
        {
            put(name, '"' + value.name() + '"', value.name());
            return value;
        }

        /** Fixed-length ASCII: samples avoid characters JSON escapes, so the literal is the plain quoted text. */
        String chars(final String name, final String value)
        {
            for (int i = 0; i < value.length(); i++)
            {
                final char c = value.charAt(i);
                if (c < ' ' || c > '~' || c == '"' || c == '\\')
                {
                    throw new IllegalArgumentException("sample fixed string needs escaping: " + value);
                }
            }
            final String literal = '"' + value + '"';
            put(name, literal, quotedInText(value) ? literal : value);
            return value;
        }

        /** Var data: the JSON literal is written out by hand, independent of any escaper under test. */
        String var(final String name, final String value, final String jsonLiteral)
        {
            put(name, jsonLiteral, quotedInText(value) ? jsonLiteral : value);
            return value;
        }

        byte[] hash(final String name, final int seed, final int length)
        {
            final byte[] bytes = new byte[length];
            for (int i = 0; i < bytes.length; i++)
            {
                bytes[i] = (byte)(seed * 37 + i * 29);
            }
            final String hex = HexFormat.of().formatHex(bytes);
            put(name, '"' + hex + '"', hex);
            return bytes;
        }

        private void put(final String name, final String jsonValue, final String textValue)
        {
            if (json.put(name, jsonValue) != null)
            {
                throw new IllegalStateException("sample field recorded twice: " + name);
            }
            text.put(name, textValue);
        }

        /** The text format's rule: strings that would not split back into one name=value pair are quoted. */
        private static boolean quotedInText(final String value)
        {
            if (value.isEmpty())
            {
                return true;
            }
            for (int i = 0; i < value.length(); i++)
            {
                final char c = value.charAt(i);
                if (c <= ' ' || c == '"' || c == '\\' || c == '=' || (c >= 0x7F && c <= 0x9F))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
