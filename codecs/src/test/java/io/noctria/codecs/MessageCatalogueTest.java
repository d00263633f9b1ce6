package io.noctria.codecs;

import org.junit.jupiter.api.Test;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class MessageCatalogueTest
{
    @Test
    void shouldMatchTheCommittedDocsMessagesMd() throws Exception
    {
        final Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        final Path committed = moduleDir.resolve("../docs/messages.md").normalize();
        final String regenerate = "docs/messages.md is out of date with the schema; regenerate it from the " +
            "repository root with: " + MessageCatalogue.REGENERATE_COMMAND;
        assertTrue(Files.exists(committed), committed + " is missing. " + regenerate);

        final String expected = MessageCatalogue.render(SchemaResources.loadIr(), SchemaResources.schemaXml());
        final String actual = Files.readString(committed, StandardCharsets.UTF_8);
        if (!expected.equals(actual))
        {
            fail(regenerate + "\nfirst difference: " + firstDifference(expected, actual));
        }
    }

    @Test
    void shouldDocumentEveryMessageFieldVarDataAndEnumValue() throws Exception
    {
        final Ir ir = MessageTimesTest.loadIr();
        final String catalogue = MessageCatalogue.render(ir, SchemaResources.schemaXml());
        for (final int templateId : Messages.templateIds())
        {
            final Token message = ir.getMessage(templateId).get(0);
            assertTrue(catalogue.contains("### " + templateId + " " + message.name() + "\n"), message.name());
            assertTrue(catalogue.contains("Template id " + templateId + ", block length " + message.encodedLength() +
                " bytes"), message.name());
            for (final Token token : ir.getMessage(templateId))
            {
                if (token.signal() == Signal.BEGIN_FIELD || token.signal() == Signal.BEGIN_VAR_DATA)
                {
                    assertTrue(catalogue.contains("| " + token.name() + " | " + token.id() + " | "),
                        message.name() + "." + token.name());
                }
                if (token.signal() == Signal.VALID_VALUE)
                {
                    assertTrue(catalogue.contains("| " + token.encoding().constValue() + " | " + token.name() + " |"),
                        token.name());
                }
            }
        }
        assertTrue(catalogue.contains("| tsNs | 1 | EpochNanos | int64 | EpochNanos | 0 | 8 | 0 |"));
        assertTrue(catalogue.contains("| qty | 4 | Qty | int64 | Qty | 24 | 8 | 0 |"));
    }

    @Test
    void shouldRestateTheSchemaHeaderComment()
    {
        final String comment = MessageCatalogue.headerComment(SchemaResources.schemaXml());
        assertTrue(comment.startsWith("Noctria wire and journal contract."), comment);
        assertTrue(comment.contains("- Fixed-point decimals: semanticType=\"Qty\""), comment);
        assertTrue(comment.contains("idempotencyKey is the raw 32-byte HMAC-SHA256"), comment);
        assertTrue(comment.contains("- Fixed-length ASCII fields are NUL-padded on the right."), comment);
        assertFalse(comment.contains("<!--") || comment.contains("-->"), comment);

        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> MessageCatalogue.headerComment("<sbe:messageSchema/><!-- late -->"));
        assertTrue(ex.getMessage().contains("no header comment"), ex.getMessage());
    }

    private static String firstDifference(final String expected, final String actual)
    {
        final String[] expectedLines = expected.split("\n", -1);
        final String[] actualLines = actual.split("\n", -1);
        for (int i = 0; i < Math.max(expectedLines.length, actualLines.length); i++)
        {
            final String e = i < expectedLines.length ? expectedLines[i] : "<end of file>";
            final String a = i < actualLines.length ? actualLines[i] : "<end of file>";
            if (!e.equals(a))
            {
                return "line " + (i + 1) + "\n  expected: " + e + "\n  committed: " + a;
            }
        }
        return "none found";
    }
}
