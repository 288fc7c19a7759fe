/**
 * Configuration: the immutable {@link io.flowgate.config.Config} record, its loading from flags,
 * environment and defaults, and its validation with messages that name the setting.
 * May import {@code core}; nothing else from Flowgate.
 */
package io.flowgate.config;
