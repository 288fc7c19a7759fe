/**
 * The built-in step types (log, http, sleep, run-workflow, …), each a small
 * {@link io.flowgate.engine.steps.StepType} found by service discovery like a plug-in's. A step reaches the
 * outside world only through {@link io.flowgate.engine.steps.StepServices}.
 * May import {@code core}, {@code expr}, {@code workflow}, the {@code engine} model and {@code engine.steps}.
 */
package io.flowgate.engine.steps.builtin;
