/**
 * Workflow definitions: immutable records, YAML/JSON parsing and whole-document validation.
 * May import {@code core} and {@code expr} (to check that expressions compile); nothing else.
 */
package io.flowgate.workflow;
