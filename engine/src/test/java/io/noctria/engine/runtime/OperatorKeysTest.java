package io.noctria.engine.runtime;

import io.noctria.engine.config.ConfigException;
import io.noctria.engine.core.ControlSignatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The operators directory is validated at start: every problem names the file and what is wrong. */
class OperatorKeysTest
{
    @TempDir
    Path work;

    @Test
    void shouldLoadEveryPublicKeyInNameOrder() throws Exception
    {
        final Path dir = operators();
        final byte[] bob = publicKey(dir, "ops-bob");
        final byte[] alice = publicKey(dir, "ops.alice");
        final List<OperatorKeys.Operator> loaded = OperatorKeys.loadDirectory(dir);
        assertEquals("[ops-bob, ops.alice]", loaded.toString());
        assertArrayEquals(bob, loaded.get(0).publicKey());
        assertArrayEquals(alice, loaded.get(1).publicKey());
    }

    @Test
    void shouldTrustNobodyWhenTheDirectoryIsMissing()
    {
        assertEquals(List.of(), OperatorKeys.loadDirectory(work.resolve("no-such-dir")));
    }

    @Test
    void shouldRefuseADirectoryOrKeyOthersCanRead() throws Exception
    {
        final Path dir = operators();
        publicKey(dir, "ops");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        assertError(dir + ": readable or writable by group or others (rwxr-x---); it must be owner-only: chmod 700 " + dir,
            dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        final Path pub = dir.resolve("ops.pub");
        Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rw-r--r--"));
        assertError(pub + ": readable or writable by group or others (rw-r--r--); it must be owner-only: chmod 600 " + pub,
            dir);
    }

    @Test
    void shouldRefuseAPrivateKeyInTheDirectory() throws Exception
    {
        final Path dir = operators();
        OperatorKeys.write(dir, "ops", OperatorKeys.generate());
        assertError(dir.resolve("ops.key") + ": a private key in the operators directory; the engine needs only public " +
            "keys (NAME.pub): move the private key to its operator", dir);
        Files.move(dir.resolve("ops.key"), dir.resolve("ops.pem"));
        assertError(dir.resolve("ops.pem") + ": a private key in the operators directory", dir);
    }

    @Test
    void shouldRefuseABadPemAKeyOfAnotherAlgorithmAndABadName() throws Exception
    {
        final Path dir = operators();
        final Path garbage = ownerOnly(dir.resolve("ops.pub"), "not a key\n");
        assertError(garbage + ": not a PEM \"PUBLIC KEY\"", dir);

        final byte[] rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic().getEncoded();
        ownerOnly(garbage, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsa) +
            "\n-----END PUBLIC KEY-----\n");
        assertError(garbage + ": not an Ed25519 public key", dir);

        Files.delete(garbage);
        final Path named = dir.resolve("bad name!.pub");
        Files.copy(keyFile("ops"), named);
        assertError(named + ": bad operator name 'bad name!'", dir);

        Files.delete(named);
        ownerOnly(dir.resolve("README"), "hello");
        assertError(dir.resolve("README") + ": unexpected file in the operators directory", dir);
    }

    private Path operators() throws Exception
    {
        return Files.createDirectory(work.resolve("operators"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** A fresh pair for {@code name}; its NAME.pub copied into {@code dir}. @return the raw public key. */
    private byte[] publicKey(final Path dir, final String name) throws Exception
    {
        final Path pub = keyFile(name);
        Files.copy(pub, dir.resolve(name + ".pub"));
        return ControlSignatures.rawPublicKey(OperatorKeys.readPublicKey(pub));
    }

    private Path keyFile(final String name) throws Exception
    {
        final Path keys = work.resolve("keys-" + name);
        OperatorKeys.write(keys, name, OperatorKeys.generate());
        return keys.resolve(name + ".pub");
    }

    private static Path ownerOnly(final Path file, final String text) throws Exception
    {
        Files.write(file, text.getBytes(StandardCharsets.US_ASCII));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static void assertError(final String expectedStart, final Path dir)
    {
        final ConfigException error = assertThrows(ConfigException.class, () -> OperatorKeys.loadDirectory(dir));
        assertTrue(error.getMessage().startsWith(expectedStart), error.getMessage());
    }
}
