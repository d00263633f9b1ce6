package io.noctria.engine.runtime;

import io.noctria.engine.config.ConfigException;
import io.noctria.engine.core.ControlSignatures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Operator key files and the operators directory ({@code run --operators DIR}).
 * <p>
 * {@code NAME.key}: the operator's Ed25519 private key, PEM "PRIVATE KEY" (PKCS#8), mode 0600, kept by the
 * operator. {@code NAME.pub}: its public key, PEM "PUBLIC KEY" (X.509 SubjectPublicKeyInfo), 0600. NAME is
 * the operator name the controls carry: 1 to 32 characters of {@code [A-Za-z0-9._-]}. The engine trusts the
 * {@code *.pub} files of its operators directory, which must be owner-only and hold no private key; every
 * problem stops the start naming the file and what is wrong.
 */
public final class OperatorKeys
{
    /** Private key file suffix. */
    public static final String PRIVATE_SUFFIX = ".key";
    /** Public key file suffix. */
    public static final String PUBLIC_SUFFIX = ".pub";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final String ALGORITHM = "Ed25519";
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private OperatorKeys()
    {
    }

    /** One trusted operator: its name and its raw 32-byte Ed25519 public key (as journaled in OperatorKey). */
    public static final class Operator
    {
        private final String name;
        private final byte[] publicKey;

        /**
         * @param name      1 to 32 characters of {@code [A-Za-z0-9._-]}.
         * @param publicKey raw 32-byte Ed25519 public key.
         */
        public Operator(final String name, final byte[] publicKey)
        {
            if (!validName(name))
            {
                throw new IllegalArgumentException("operator name must be 1 to 32 characters of [A-Za-z0-9._-], was '" +
                    name + "'");
            }
            if (publicKey.length != ControlSignatures.PUBLIC_KEY_LENGTH)
            {
                throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, was " + publicKey.length);
            }
            this.name = name;
            this.publicKey = publicKey.clone();
        }

        /** @return the operator name. */
        public String name()
        {
            return name;
        }

        /** @return a copy of the raw public key. */
        public byte[] publicKey()
        {
            return publicKey.clone();
        }

        @Override
        public String toString()
        {
            return name;
        }
    }

    /** @return true when {@code name} is a valid operator name (1 to 32 of {@code [A-Za-z0-9._-]}). */
    public static boolean validName(final String name)
    {
        return null != name && NAME.matcher(name).matches();
    }

    /** @return a fresh Ed25519 key pair from the JDK's default secure random source. */
    public static KeyPair generate()
    {
        try
        {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("Ed25519 is part of every Java 15+ runtime", ex);
        }
    }

    /**
     * Writes {@code DIR/NAME.key} and {@code DIR/NAME.pub}, both 0600, creating DIR owner-only (0700) when it
     * is missing. Never overwrites: an existing file of either name is an error and nothing is written.
     *
     * @throws IOException naming the file that exists or could not be written.
     */
    public static void write(final Path dir, final String name, final KeyPair pair) throws IOException
    {
        if (!validName(name))
        {
            throw new IllegalArgumentException("operator name must be 1 to 32 characters of [A-Za-z0-9._-], was '" +
                name + "'");
        }
        final Path keyFile = dir.resolve(name + PRIVATE_SUFFIX);
        final Path pubFile = dir.resolve(name + PUBLIC_SUFFIX);
        for (final Path file : new Path[] {keyFile, pubFile})
        {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS))
            {
                throw new FileAlreadyExistsException(file.toString(), null, "exists; refusing to overwrite a key file");
            }
        }
        if (!Files.isDirectory(dir))
        {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            Files.setPosixFilePermissions(dir, OWNER_DIR); // the umask may have narrowed the creation mode
        }
        writeOwnerOnly(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        writeOwnerOnly(pubFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    /**
     * @return the operator name a key file stands for: its file name without {@code .key} / {@code .pub}.
     */
    public static String operatorName(final Path keyFile)
    {
        final String file = String.valueOf(keyFile.getFileName());
        final int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /**
     * Reads an operator's private key ({@code NAME.key}).
     *
     * @throws ConfigException naming the file and the problem (missing, group/other permissions, not a PEM
     *                         "PRIVATE KEY", not Ed25519, bad name).
     */
    public static PrivateKey readPrivateKey(final Path file)
    {
        final String name = operatorName(file);
        if (!validName(name))
        {
            throw new ConfigException(file + ": the file name must be NAME.key with NAME 1 to 32 characters of " +
                "[A-Za-z0-9._-] (the operator name the controls carry)");
        }
        if (!Files.isRegularFile(file))
        {
            throw new ConfigException(file + ": no such key file (create one with `noctria keygen --operator NAME " +
                "--out DIR`)");
        }
        requireOwnerOnly(file, "600");
        final byte[] der = pemBody(file, "PRIVATE KEY");
        try
        {
            final PrivateKey key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
            if (!ALGORITHM.equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm()))
            {
                throw new ConfigException(file + ": not an Ed25519 private key (" + key.getAlgorithm() + ")");
            }
            return key;
        }
        catch (final GeneralSecurityException | ClassCastException ex)
        {
            throw new ConfigException(file + ": not an Ed25519 private key (PKCS#8): " + ex.getMessage(), ex);
        }
    }

    /**
     * Reads a public key file ({@code NAME.pub}).
     *
     * @throws ConfigException naming the file: not a PEM "PUBLIC KEY", or not an Ed25519 key.
     */
    public static PublicKey readPublicKey(final Path file)
    {
        final byte[] der = pemBody(file, "PUBLIC KEY");
        try
        {
            final PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
            ControlSignatures.rawPublicKey(key);
            return key;
        }
        catch (final GeneralSecurityException | IllegalArgumentException | ClassCastException ex)
        {
            throw new ConfigException(file + ": not an Ed25519 public key (X.509 SubjectPublicKeyInfo): " +
                ex.getMessage(), ex);
        }
    }

    /**
     * Loads the operators directory: every {@code NAME.pub} in it, in name order.
     *
     * @return the trusted operators; empty when the directory does not exist (the caller warns: nobody is trusted).
     * @throws ConfigException naming the file or directory and the problem: group/other permissions (with the
     *                         chmod that fixes it), a private key in the directory, a bad PEM, a key that is not
     *                         Ed25519, a bad name, any other file.
     */
    public static List<Operator> loadDirectory(final Path dir)
    {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS))
        {
            return Collections.emptyList();
        }
        if (!Files.isDirectory(dir))
        {
            throw new ConfigException(dir + ": the operators directory is not a directory");
        }
        requireOwnerOnly(dir, "700");
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir))
        {
            for (final Path file : stream)
            {
                files.add(file);
            }
        }
        catch (final IOException ex)
        {
            throw new ConfigException(dir + ": cannot list the operators directory: " + ex.getMessage(), ex);
        }
        files.sort(null); // name order: the roster is journaled in a stable order
        final List<Operator> operators = new ArrayList<>();
        for (final Path file : files)
        {
            final String fileName = String.valueOf(file.getFileName());
            if (fileName.endsWith(PRIVATE_SUFFIX) || looksPrivate(file))
            {
                throw new ConfigException(file + ": a private key in the operators directory; the engine needs only " +
                    "public keys (NAME.pub): move the private key to its operator");
            }
            if (!fileName.endsWith(PUBLIC_SUFFIX))
            {
                throw new ConfigException(file + ": unexpected file in the operators directory (only NAME.pub " +
                    "public keys belong there)");
            }
            final String name = fileName.substring(0, fileName.length() - PUBLIC_SUFFIX.length());
            if (!validName(name))
            {
                throw new ConfigException(file + ": bad operator name '" + name + "' (the file stem must be 1 to 32 " +
                    "characters of [A-Za-z0-9._-])");
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
            {
                throw new ConfigException(file + ": not a regular file");
            }
            requireOwnerOnly(file, "600");
            operators.add(new Operator(name, ControlSignatures.rawPublicKey(readPublicKey(file))));
        }
        return operators;
    }

    private static boolean looksPrivate(final Path file)
    {
        try
        {
            return Files.isRegularFile(file) && Files.size(file) < 64 * 1024 &&
                new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).contains("PRIVATE KEY-----");
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static void requireOwnerOnly(final Path path, final String mode)
    {
        final Set<PosixFilePermission> permissions;
        try
        {
            permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        }
        catch (final UnsupportedOperationException ex)
        {
            return; // no POSIX permissions on this file system: nothing to check
        }
        catch (final IOException ex)
        {
            throw new ConfigException(path + ": cannot read its permissions: " + ex.getMessage(), ex);
        }
        for (final PosixFilePermission permission : permissions)
        {
            if (permission.name().startsWith("GROUP") || permission.name().startsWith("OTHERS"))
            {
                throw new ConfigException(path + ": readable or writable by group or others (" +
                    PosixFilePermissions.toString(permissions) + "); it must be owner-only: chmod " + mode + " " + path);
            }
        }
    }

    private static byte[] pemBody(final Path file, final String label)
    {
        final String text;
        try
        {
            if (Files.size(file) > 64 * 1024)
            {
                throw new ConfigException(file + ": too large for a PEM key file");
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new ConfigException(file + ": cannot read: " + ex.getMessage(), ex);
        }
        final String begin = "-----BEGIN " + label + "-----";
        final String end = "-----END " + label + "-----";
        final int from = text.indexOf(begin);
        final int to = text.indexOf(end);
        if (from < 0 || to < from)
        {
            throw new ConfigException(file + ": not a PEM \"" + label + "\" (expected " + begin + " ... " + end + ")");
        }
        try
        {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to).trim());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(file + ": bad base64 in the PEM \"" + label + "\": " + ex.getMessage(), ex);
        }
    }

    private static byte[] pem(final String label, final byte[] der)
    {
        final String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(Objects.requireNonNull(der));
        return ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n")
            .getBytes(StandardCharsets.US_ASCII);
    }

    private static void writeOwnerOnly(final Path file, final byte[] content) throws IOException
    {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        Files.setPosixFilePermissions(file, OWNER_FILE);
        Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
