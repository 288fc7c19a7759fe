/**
 * Secrets at rest: {@link io.flowgate.secrets.SecretCipher} (AES-256-GCM under a master key) and
 * {@link io.flowgate.secrets.SecretService} (validated names, encrypted values over the
 * {@code SecretStore} port, decrypted values for the engine and for redaction). Values are never
 * logged. May import {@code core} and {@code store} ports.
 */
package io.flowgate.secrets;
