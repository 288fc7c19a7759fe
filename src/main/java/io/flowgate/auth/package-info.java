/**
 * API keys and roles: {@link io.flowgate.auth.ApiKeys} creates, authenticates (by SHA-256 hash,
 * constant-time) and revokes keys over the {@code ApiKeyStore} port; {@link io.flowgate.auth.Role}
 * is the role lattice; {@link io.flowgate.auth.Principal} is the authenticated caller.
 * May import {@code core} and {@code store} ports; no HTTP framework.
 */
package io.flowgate.auth;
