package io.flowgate.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {
    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    private final SecretCipher cipher = new SecretCipher(key(7));

    @TempDir
    Path dir;

    @Test
    void round_trips_a_value_and_never_stores_it_in_clear() {
        byte[] sealed = cipher.encrypt("SHOP_PW", "pässword ✓");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("word");
        assertThat(cipher.decrypt("SHOP_PW", sealed)).isEqualTo("pässword ✓");
    }

    @Test
    void uses_a_fresh_nonce_for_every_value() {
        assertThat(cipher.encrypt("A", "same")).isNotEqualTo(cipher.encrypt("A", "same"));
    }

    @Test
    void detects_a_tampered_ciphertext() {
        byte[] sealed = cipher.encrypt("A", "value");
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt("A", sealed)).isInstanceOf(SecretDecryptionException.class);
        assertThatThrownBy(() -> cipher.decrypt("A", new byte[3])).isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void refuses_a_value_moved_to_another_name() {
        byte[] sealed = cipher.encrypt("A", "value");
        assertThatThrownBy(() -> cipher.decrypt("B", sealed)).isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void a_wrong_key_cannot_decrypt() {
        byte[] sealed = cipher.encrypt("A", "value");
        assertThatThrownBy(() -> new SecretCipher(key(8)).decrypt("A", sealed))
                .isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void the_master_key_comes_from_the_environment_first() {
        String b64 = Base64.getEncoder().encodeToString(key(7));
        SecretCipher fromEnv = SecretCipher.load(Map.of(SecretCipher.ENV_MASTER_KEY, b64), dir);
        assertThat(fromEnv.decrypt("A", cipher.encrypt("A", "v"))).isEqualTo("v");
        assertThat(dir.resolve(SecretCipher.MASTER_KEY_FILE)).doesNotExist();
        assertThatThrownBy(() -> SecretCipher.load(Map.of(SecretCipher.ENV_MASTER_KEY, "c2hvcnQ="), dir))
                .hasMessageContaining(SecretCipher.ENV_MASTER_KEY);
    }

    @Test
    void without_the_environment_a_master_key_file_is_created_once_with_mode_0600() throws Exception {
        SecretCipher first = SecretCipher.load(Map.of(), dir);
        Path file = dir.resolve(SecretCipher.MASTER_KEY_FILE);
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        byte[] sealed = first.encrypt("A", "v");
        assertThat(SecretCipher.load(Map.of(), dir).decrypt("A", sealed)).isEqualTo("v");
    }
}
