/**
 * What the trigger packages share with the rest of Flowgate: {@link io.flowgate.trigger.TriggerValidation}
 * gathers each trigger package's check of its own settings, which the composition root hands to workflow
 * validation (so {@code workflow} never imports a trigger package). The triggers themselves live in the
 * sub-packages {@code webhook}, {@code schedule} and {@code event}.
 * May import {@code workflow} and the trigger sub-packages.
 */
package io.flowgate.trigger;
