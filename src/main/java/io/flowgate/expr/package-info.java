/**
 * JSONata expressions and {@code {{ expr }}} templates over the data-pill context (SPEC §2),
 * plus secret redaction. Imports only {@code core} and the JSONata library.
 */
package io.flowgate.expr;
