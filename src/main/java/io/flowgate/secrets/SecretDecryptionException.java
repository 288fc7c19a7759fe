package io.flowgate.secrets;

/**
 * A stored secret did not decrypt: it was altered, or the master key is not the one it was
 * encrypted with. A server fault, not a client error, so it is not a FlowgateException.
 */
public final class SecretDecryptionException extends RuntimeException {
    public SecretDecryptionException(String name) {
        super("Secret '" + name + "' cannot be decrypted: wrong master key or altered ciphertext");
    }
}
