/**
 * The process: {@link io.flowgate.Main} turns arguments into a CLI command, and {@link io.flowgate.App},
 * the composition root, builds every part with plain constructors in order and stops them in reverse.
 * The only package that may use every other one; nothing imports it.
 */
package io.flowgate;
