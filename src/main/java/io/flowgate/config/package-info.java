/** Configuration: the immutable {@link io.flowgate.config.Config} record, its loading and validation. */
package io.flowgate.config;
