/**
 * JSONata expressions and {@code {{ expr }}} templates over the data-pill context (docs/workflows.md),
 * plus secret redaction. Imports only {@code core} and the JSONata library.
 */
package io.flowgate.expr;
