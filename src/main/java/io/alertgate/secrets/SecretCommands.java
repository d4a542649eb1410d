package io.alertgate.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Arrays;

/** The bodies of the {@code keygen} and {@code encrypt} subcommands; {@code Main} parses arguments. */
public final class SecretCommands {
    private SecretCommands() {}

    /** {@code alertgate keygen}: prints one new key and a newline. */
    public static void keygen(PrintStream out, SecureRandom random) {
        out.println(KeyRing.generateKey(random));
    }

    /**
     * {@code alertgate encrypt}: reads the secret from stdin, drops one trailing newline ({@code \n}
     * or {@code \r\n}, as {@code echo} or a heredoc adds), and returns it as an {@code enc:} value
     * under the ring's primary key.
     *
     * @throws IllegalArgumentException when stdin holds nothing (almost always a mistake)
     */
    public static String encrypt(InputStream stdin, KeyRing ring) throws IOException {
        byte[] input = stdin.readAllBytes();
        int length = input.length;
        if (length > 0 && input[length - 1] == '\n') {
            length--;
            if (length > 0 && input[length - 1] == '\r') {
                length--;
            }
        }
        if (length == 0) {
            throw new IllegalArgumentException("no secret on standard input");
        }
        byte[] secret = Arrays.copyOf(input, length);
        try {
            return EncryptedValues.PREFIX + ring.encrypt(secret);
        } finally {
            Arrays.fill(input, (byte) 0);
            Arrays.fill(secret, (byte) 0);
        }
    }

}
