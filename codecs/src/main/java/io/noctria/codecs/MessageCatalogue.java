package io.noctria.codecs;

import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the message catalogue, {@code docs/messages.md}, from the schema's IR: conventions, then every message
 * with its template id, block length, fields (name, id, type, semantic type, offset) and var data, then the types
 * and enum values. Generated, so the document cannot drift from the contract; {@code MessageCatalogueTest}
 * fails when the committed file differs from what this class renders.
 * <p>
 * Regenerate from the repository root with {@value #REGENERATE_COMMAND}.
 */
public final class MessageCatalogue
{
    /** The command that rewrites docs/messages.md (the {@code messages-doc} execution in codecs/pom.xml). */
    public static final String REGENERATE_COMMAND = "mvn -q -pl codecs compile exec:java@messages-doc";

    private MessageCatalogue()
    {
    }

    /**
     * Writes the catalogue to the given file.
     *
     * @param args one argument: the output path (the build passes {@code docs/messages.md}).
     */
    public static void main(final String[] args)
    {
        if (args.length != 1)
        {
            System.err.println("usage: MessageCatalogue <output.md>   (normally: " + REGENERATE_COMMAND + ")");
            System.exit(2);
        }
        final Path output = Path.of(args[0]).toAbsolutePath().normalize();
        try
        {
            Files.createDirectories(output.getParent());
            Files.writeString(output, render(SchemaResources.loadIr(), SchemaResources.schemaXml()),
                StandardCharsets.UTF_8);
        }
        catch (final IOException | RuntimeException ex)
        {
            System.err.println("cannot write the message catalogue to " + output + ": " + ex);
            System.exit(1);
        }
        System.out.println("wrote " + output);
    }

    /**
     * @param ir        the schema's IR.
     * @param schemaXml the schema XML, for its header comment (comments are not in the IR).
     * @return the catalogue as Markdown, '\n' line ends.
     */
    static String render(final Ir ir, final String schemaXml)
    {
        final StringBuilder out = new StringBuilder(64 * 1024);
        final List<List<Token>> messages = new ArrayList<>(ir.messages());
        messages.sort(Comparator.comparingInt((List<Token> tokens) -> tokens.get(0).id()));

        out.append("# Noctria message catalogue\n\n");
        out.append("<!-- Generated from the SBE IR by io.noctria.codecs.MessageCatalogue: do not edit by hand.\n");
        out.append("     Regenerate from the repository root: ").append(REGENERATE_COMMAND).append(" -->\n\n");
        out.append("The wire and journal contract of the engine: schema `").append(ir.packageName())
            .append("`, id ").append(ir.id()).append(", version ").append(ir.version())
            .append(" (semantic version ").append(ir.semanticVersion()).append("), byte order ")
            .append(ir.byteOrder()).append(".\n");
        out.append("The source of truth is `codecs/src/main/resources/sbe/noctria-schema.xml`; this page is generated ")
            .append("from it.\n\n");

        conventions(out, schemaXml);
        header(out, ir);
        frames(out);
        index(out, messages);
        for (final List<Token> tokens : messages)
        {
            message(out, tokens);
        }
        types(out, messages);
        enums(out, messages);
        return out.toString();
    }

    private static void conventions(final StringBuilder out, final String schemaXml)
    {
        out.append("## Conventions\n\n");
        out.append("The schema's header comment, verbatim:\n\n```text\n").append(headerComment(schemaXml))
            .append("```\n\n");
        out.append("How tools (`tail`, replay reports; `io.noctria.codecs.MessageFormatter`) show values, ")
            .append("by semantic type:\n\n");
        out.append("| semantic type / type | stored as | text | JSON |\n");
        out.append("|---|---|---|---|\n");
        out.append("| Qty, Price, Notional | int64, value × 10^6 | exact decimal, e.g. `1500.5` | number, e.g. `1500.5` |\n");
        out.append("| Ppm | int32, parts per million | ratio, e.g. `0.05` for 50000 | number, e.g. `0.05` |\n");
        out.append("| EpochNanos | int64, ns since 1970-01-01T00:00Z | `2026-11-22T04:20:03.123456789Z` | ")
            .append("integer nanoseconds |\n");
        out.append("| uint8 arrays (Hash32) | raw bytes | lowercase hex | string of lowercase hex |\n");
        out.append("| fixed char arrays | US-ASCII, NUL padded on the right | text up to the first NUL | string |\n");
        out.append("| enums | integer code | name, or `UNKNOWN(n)` | string |\n");
        out.append("| var data | uint32 length, then bytes | decoded text | string |\n\n");
        out.append("In text output, a string that is empty or holds a space, a quote, a backslash, `=` or a control ")
            .append("character is written as a quoted JSON string. A field added in a later version than the ")
            .append("message's shows as `null`; a message of a newer version than the reader's shows its known ")
            .append("fields and says so (`\"schemaVersion\":N` in JSON, `(v N: newer fields not shown)` in text).\n\n");
        out.append("Fixed-point text is parsed and printed by `io.noctria.codecs.Decimals` (at most 6 decimal ")
            .append("places, no exponent); the idempotency key hashes quantities as `Decimals.formatFixed6` ")
            .append("(always 6 decimals, e.g. `1500.000000`).\n\n");
    }

    private static void header(final StringBuilder out, final Ir ir)
    {
        final List<Token> tokens = ir.headerStructure().tokens();
        out.append("## Message header\n\n");
        out.append("Every message starts with the ").append(tokens.get(0).encodedLength())
            .append("-byte `").append(tokens.get(0).name()).append("`; the body follows with the header's ")
            .append("block length (the *acting* block length: newer versions may be longer), then the var data.\n\n");
        out.append("| field | type | offset |\n|---|---|---|\n");
        for (final Token token : tokens)
        {
            if (token.signal() == Signal.ENCODING)
            {
                out.append("| ").append(token.name()).append(" | ")
                    .append(token.encoding().primitiveType().primitiveName()).append(" | ")
                    .append(token.offset()).append(" |\n");
            }
        }
        out.append('\n');
    }

    private static void frames(final StringBuilder out)
    {
        out.append("## Frames (journal format 2)\n\n");
        out.append("Every excerpt Noctria writes to a queue (the journal, inbound, broker-orders, broker-reports, ")
            .append("broker-ledger) is one *frame*: a plain sequence of whole messages of this schema, each with its ")
            .append("own message header, so any SBE reader that loops header + block + var data over the bytes ")
            .append("decodes it.\n\n");
        out.append("1. `FrameHeader` (template 50): `crc32c`, `frameVersion` (1), `eventCount`, `length`.\n");
        out.append("2. The first message. In the journal: one sequenced input (OrderRequest, Control, PolicyReload, ")
            .append("OperatorKey, a broker report, EngineStarted) or a host record (EngineStopped, the InputRejected ")
            .append("of an unreadable input). On the other queues: the one message.\n");
        out.append("3. The `eventCount` events the core produced for that input, in the order it produced them.\n\n");
        out.append("All the messages of a frame share the excerpt's Chronicle index: an event's `inputIndex` is the ")
            .append("index of its own frame. The CRC32C (Castagnoli, as `java.util.zip.CRC32C`) covers every byte ")
            .append("after the `crc32c` field to the end of the excerpt, the frame header's other fields included.\n\n");
        out.append("A reader checks, before it believes anything the frame says: the header's block length; the ")
            .append("checksum; that `length` equals the bytes after the header; the frame version; that the ")
            .append("messages, walked one by one, are readable and end exactly at the end of the excerpt; and that ")
            .append("there are `eventCount` + 1 of them. A frame that fails a check is `DAMAGED`, reported with its ")
            .append("index, and none of its messages is used. A queue whose first excerpt is not a frame was ")
            .append("written before frames (format 1, one message per excerpt): `tail` and `replay` read it, ")
            .append("recovery refuses it. In a framed queue, an excerpt without a frame header is `UNFRAMED`.\n\n");
        out.append("The engine opens the excerpt (which tells it the index), runs the core, then writes the frame ")
            .append("and closes the excerpt, in one Chronicle document: no reader sees part of a frame, a crash ")
            .append("leaves an input whole or absent, and an OrderSent reaches the venue only after its frame is ")
            .append("appended.\n\n");
        out.append("### Events refer to their input (schema 3)\n\n");
        out.append("The events of an OrderRequest's frame that are about that request alone do not repeat what it ")
            .append("carries: `QualityDecision` (14), `RiskDecision` (15), `OutboxRecorded` (22) and ")
            .append("`DuplicateSuppressed` (23) have no trace id, idempotency key or symbol of their own (nor ")
            .append("OutboxRecorded the ClOrdID, which is derived from the key, `\"N\"` + the key's first 31 hex ")
            .append("digits); they are the frame's request's. A request that carried no key (`keyPresent` FALSE) gets ")
            .append("`RequestKeyed` (16) with the key the engine computed, right after it is admitted and before any ")
            .append("event that refers to the key, so a reader without the secret knows it. Events that travel or ")
            .append("concern an order after its request's frame (OrderSent, broker reports, SendFailed, Alert, ")
            .append("reconciliation) keep their own fields. `io.noctria.codecs.FrameInput` resolves a message's trace ")
            .append("id and key, its own or its request's; `tail` prints a referring event with its request's ")
            .append("`symbol`, `traceId` and `idempotencyKey` after its own fields.\n\n");
        out.append("Schema 2 and earlier wrote those four events with the copies, under ids 10, 11, 20 and 21 ")
            .append("(`QualityDecisionV2` ... below; `tail` names them as before). Every reader still reads them: ")
            .append("`io.noctria.codecs.EventUpgrade` folds each as its schema-3 form, with what it copied as what ")
            .append("it refers to, so the projections and the outbox mirror fold old and new journals alike.\n\n");
        out.append("### Actions: cancel, replace, cancel-all (issue 13)\n\n");
        out.append("Inputs: `CancelRequest` (5) and `ReplaceRequest` (6) name the order by `origIdempotencyKey` and ")
            .append("carry their own `idempotencyKey` (required), which dedupes them (the same key twice: one send, ")
            .append("then `ActionRefused` DUPLICATE) and names them at the venue: ClOrdID `\"C\"` or `\"R\"` + the ")
            .append("key's first 31 hex digits. `CancelAll` (7) is an operator control, signed like `Control`. ")
            .append("A pause (operator or automatic) cancels the working orders too when `pause.cancel_working` is ")
            .append("true (halted); such cancels and a CancelAll's are named `\"A\"` + the input's journal index ")
            .append("(16 hex digits) + the order key's first 15 hex digits.\n\n");
        out.append("In the frame of the input, the core writes for each order it acts on either `CancelSent` (46) or ")
            .append("`ReplaceSent` (47), journaled before the host hands them to the gateway (as OrderSent), or ")
            .append("`ActionRefused` (17) with its reason (unknown order, already final, an action already pending, ")
            .append("not at the venue yet, no change, below the filled qty, a MARKET order's price, the risk gate). ")
            .append("A replace that adds exposure (qty up, or a BUY price up / SELL price down) goes through the risk ")
            .append("gate, and only an ALLOW lets it out; the refusal carries the rule, limit and observed value. ")
            .append("These events keep their own trace id and keys: the order's in the identity block ")
            .append("(`clOrdId`, `traceId`, `idempotencyKey`), the action's in `requestClOrdId`/`actionKey`.\n\n");
        out.append("The venue answers with `Canceled` (35), `Replaced` (48: the order's new qty and price) or ")
            .append("`CancelReject` (49: FIX 4.4 CxlRejReason, 0 TOO_LATE_TO_CANCEL, 1 UNKNOWN_ORDER; ")
            .append("CxlRejResponseTo 1 cancel, 2 replace), each with the order's identity block like every report. ")
            .append("The life cycle (`OrderTransitions`): a working order goes PENDING_CANCEL or PENDING_REPLACE; ")
            .append("fills still arrive there; Canceled ends it CANCELED, Replaced makes it REPLACED (working on the ")
            .append("new terms), a CancelReject returns it to PARTIALLY_FILLED (something filled) or ACKED, and a ")
            .append("CancelReject on an order already final (the fill won the race) changes nothing.\n\n");
    }

    private static void index(final StringBuilder out, final List<List<Token>> messages)
    {
        out.append("## Messages\n\n");
        out.append("Field offsets are from the start of the block (after the header). A field's description is its ")
            .append("own or, when it has none, its type's.\n\n");
        out.append("| template id | message | block length | description |\n|---|---|---|---|\n");
        for (final List<Token> tokens : messages)
        {
            final Token message = tokens.get(0);
            out.append("| ").append(message.id()).append(" | ").append(message.name()).append(" | ")
                .append(message.encodedLength()).append(" | ").append(cell(message.description())).append(" |\n");
        }
        out.append('\n');
    }

    private static void message(final StringBuilder out, final List<Token> tokens)
    {
        final Token message = tokens.get(0);
        out.append("### ").append(message.id()).append(" ").append(message.name()).append("\n\n");
        if (message.description() != null)
        {
            out.append(message.description()).append("\n\n");
        }
        out.append("Template id ").append(message.id()).append(", block length ").append(message.encodedLength())
            .append(" bytes").append(message.version() > 0 ? ", since version " + message.version() : "")
            .append(".\n\n");

        out.append("| field | id | type | primitive | semantic type | offset | length | since | description |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        final List<Integer> varData = new ArrayList<>();
        for (int i = 1, n = tokens.size(); i < n; i++)
        {
            final Token token = tokens.get(i);
            if (token.signal() == Signal.BEGIN_VAR_DATA)
            {
                varData.add(i);
            }
            if (token.signal() != Signal.BEGIN_FIELD)
            {
                continue;
            }
            final Token type = tokens.get(i + 1);
            out.append("| ").append(token.name())
                .append(" | ").append(token.id())
                .append(" | ").append(type.name())
                .append(" | ").append(primitive(type))
                .append(" | ").append(cell(semanticType(token, type)))
                .append(" | ").append(type.offset())
                .append(" | ").append(type.encodedLength())
                .append(" | ").append(token.version())
                .append(" | ").append(cell(token.description() != null ? token.description() : type.description()))
                .append(" |\n");
        }
        out.append('\n');

        if (varData.isEmpty())
        {
            out.append("No var data.\n\n");
            return;
        }
        out.append("Var data, after the block, in this order:\n\n");
        out.append("| field | id | encoding | length prefix | character encoding | since | description |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (final int i : varData)
        {
            // BEGIN_VAR_DATA, BEGIN_COMPOSITE, length ENCODING, varData ENCODING, END_COMPOSITE, END_VAR_DATA
            final Token token = tokens.get(i);
            final Token composite = tokens.get(i + 1);
            final Token lengthToken = tokens.get(i + 2);
            final Token data = tokens.get(i + 3);
            out.append("| ").append(token.name())
                .append(" | ").append(token.id())
                .append(" | ").append(composite.name())
                .append(" | ").append(lengthToken.encoding().primitiveType().primitiveName())
                .append(lengthToken.encoding().maxValue() != null ? ", max " + lengthToken.encoding().maxValue() : "")
                .append(" | ").append(cell(data.encoding().characterEncoding()))
                .append(" | ").append(token.version())
                .append(" | ").append(cell(token.description()))
                .append(" |\n");
        }
        out.append('\n');
    }

    private static void types(final StringBuilder out, final List<List<Token>> messages)
    {
        final Map<String, Token> types = new TreeMap<>();
        for (final List<Token> tokens : messages)
        {
            for (int i = 1, n = tokens.size(); i < n; i++)
            {
                if (tokens.get(i).signal() == Signal.BEGIN_FIELD && tokens.get(i + 1).signal() == Signal.ENCODING)
                {
                    final Token type = tokens.get(i + 1);
                    if (!type.name().equals(primitive(type)))
                    {
                        types.putIfAbsent(type.name(), type);
                    }
                }
            }
        }
        out.append("## Types\n\n");
        out.append("| type | primitive | length | semantic type | character encoding | description |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (final Token type : types.values())
        {
            out.append("| ").append(type.name())
                .append(" | ").append(primitive(type))
                .append(" | ").append(type.encodedLength())
                .append(" | ").append(cell(type.encoding().semanticType()))
                .append(" | ").append(cell(type.encoding().characterEncoding()))
                .append(" | ").append(cell(type.description()))
                .append(" |\n");
        }
        out.append('\n');
    }

    private static void enums(final StringBuilder out, final List<List<Token>> messages)
    {
        final Map<String, List<Token>> enums = new TreeMap<>();
        for (final List<Token> tokens : messages)
        {
            for (int i = 1, n = tokens.size(); i < n; i++)
            {
                final Token token = tokens.get(i);
                if (token.signal() == Signal.BEGIN_ENUM && !enums.containsKey(token.name()))
                {
                    enums.put(token.name(), tokens.subList(i, i + token.componentTokenCount()));
                }
            }
        }
        out.append("## Enums\n\n");
        out.append("The null value of an enum's encoding (255 for uint8, 65535 for uint16) is not a valid value; ")
            .append("tools show it, like any value not listed, as `UNKNOWN(n)`.\n\n");
        for (final List<Token> tokens : enums.values())
        {
            final Token begin = tokens.get(0);
            boolean described = false;
            for (final Token token : tokens)
            {
                described |= token.signal() == Signal.VALID_VALUE && token.description() != null;
            }
            out.append("### ").append(begin.name()).append("\n\n");
            out.append("Encoding ").append(begin.encoding().primitiveType().primitiveName()).append('.');
            if (begin.description() != null)
            {
                out.append(' ').append(begin.description()).append('.');
            }
            out.append(described ?
                "\n\n| value | name | description |\n|---|---|---|\n" :
                "\n\n| value | name |\n|---|---|\n");
            for (final Token token : tokens)
            {
                if (token.signal() == Signal.VALID_VALUE)
                {
                    out.append("| ").append(token.encoding().constValue()).append(" | ").append(token.name());
                    if (described)
                    {
                        out.append(" | ").append(cell(token.description()));
                    }
                    out.append(" |\n");
                }
            }
            out.append('\n');
        }
    }

    /** The leading comment of the schema XML, dedented, with a final newline. */
    static String headerComment(final String schemaXml)
    {
        final int root = schemaXml.indexOf("<sbe:messageSchema");
        final int begin = schemaXml.indexOf("<!--");
        final int end = begin < 0 ? -1 : schemaXml.indexOf("-->", begin);
        if (root < 0 || begin < 0 || end < 0 || end > root)
        {
            throw new IllegalStateException("the schema XML has no header comment before <sbe:messageSchema>");
        }
        final String[] lines = schemaXml.substring(begin + 4, end).split("\n", -1);
        int indent = Integer.MAX_VALUE;
        for (final String line : lines)
        {
            if (!line.isBlank())
            {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        final StringBuilder comment = new StringBuilder();
        for (final String line : lines)
        {
            if (!line.isBlank())
            {
                comment.append(line.substring(indent).stripTrailing()).append('\n');
            }
        }
        return comment.toString();
    }

    private static String primitive(final Token type)
    {
        return type.encoding().primitiveType() == null ? "" : type.encoding().primitiveType().primitiveName();
    }

    private static String semanticType(final Token field, final Token type)
    {
        final String typeSemantic = type.encoding().semanticType();
        return typeSemantic != null ? typeSemantic : field.encoding().semanticType();
    }

    /** A Markdown table cell: empty for null; pipes escaped and line breaks joined so the row stays one line. */
    private static String cell(final String text)
    {
        if (text == null)
        {
            return "";
        }
        return text.replace("|", "\\|").replace("\r", "").replace('\n', ' ');
    }
}
