package io.flowgate.secrets;

import io.flowgate.core.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for values at rest. Each value gets a fresh random 12-byte nonce; the stored form is
 * {@code version(1) | nonce(12) | ciphertext+tag}. The secret's name is bound as associated data,
 * so a ciphertext copied onto another name does not decrypt.
 */
public final class SecretCipher {
    public static final String ENV_MASTER_KEY = "FLOWGATE_MASTER_KEY";
    public static final String MASTER_KEY_FILE = "master.key";
    private static final byte VERSION = 1;
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretCipher(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("The master key must be " + KEY_BYTES + " bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /**
     * Names this key without revealing it: HMAC-SHA256 of a fixed text under the key. Two nodes of one cluster
     * must show the same fingerprint ({@link SecretService#checkKey}).
     */
    public String fingerprint() {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            byte[] tag = mac.doFinal("flowgate master key check v1".getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * The master key from {@code FLOWGATE_MASTER_KEY} (base64 of 32 bytes) if set, else from
     * {@code <dataDir>/master.key}, created (mode 0600) with a random key on first start.
     */
    public static SecretCipher load(Map<String, String> env, Path dataDir) {
        String fromEnv = env.get(ENV_MASTER_KEY);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new SecretCipher(decodeKey(fromEnv.trim(), ENV_MASTER_KEY));
        }
        Path file = dataDir.resolve(MASTER_KEY_FILE);
        try {
            if (Files.exists(file)) {
                return new SecretCipher(decodeKey(Files.readString(file, StandardCharsets.UTF_8).trim(), file.toString()));
            }
            byte[] fresh = new byte[KEY_BYTES];
            RANDOM.nextBytes(fresh);
            PrivateFiles.create(file, Base64.getEncoder().encodeToString(fresh) + "\n");
            return new SecretCipher(fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the master key file " + file, e);
        }
    }

    public byte[] encrypt(String name, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        }
    }

    /** Throws {@link SecretDecryptionException} when the value was tampered with or the key is wrong. */
    public String decrypt(String name, byte[] stored) {
        if (stored == null || stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
            throw new SecretDecryptionException(name);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretDecryptionException(name);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        }
    }

    private static byte[] decodeKey(String base64, String source) {
        try {
            byte[] key = Base64.getDecoder().decode(base64);
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException(source + " must hold base64 of " + KEY_BYTES + " bytes, got "
                        + key.length + " bytes");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " must hold base64 of " + KEY_BYTES + " bytes", e);
        }
    }
}
