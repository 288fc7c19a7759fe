/**
 * Workflow definitions: immutable records, YAML/JSON parsing and whole-document validation. Each kind of
 * trigger's own settings are checked by a {@link io.flowgate.workflow.TriggerCheck} its trigger package
 * supplies (handed in by the composition root), so this package never imports a trigger package.
 * May import {@code core} and {@code expr} (to check that expressions compile); nothing else.
 */
package io.flowgate.workflow;
