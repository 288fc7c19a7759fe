/**
 * The step-type plug-in point: the {@link io.flowgate.engine.steps.StepType} service interface, what a step
 * sees while it runs ({@link io.flowgate.engine.steps.StepContext}, {@link io.flowgate.engine.steps.StepServices})
 * and what it answers ({@link io.flowgate.engine.steps.StepResult}), typed reading of a step's
 * {@code config} ({@link io.flowgate.engine.steps.StepConfig}) and discovery of the installed types
 * ({@link io.flowgate.engine.steps.StepTypes}). Built-in types are in {@code builtin}.
 * May import {@code core}, {@code expr}, {@code workflow} and the {@code engine} model; no I/O of its own.
 */
package io.flowgate.engine.steps;
