package io.flowgate.api;

import io.flowgate.workflow.WorkflowDefinition;

/**
 * Turns a submitted workflow document into a validated definition, throwing
 * {@link io.flowgate.core.ValidationException} with every problem. The composition root wires the
 * workflow parser in, e.g. {@code (type, text) -> parser.parse(text, Format.detect(type, text))}.
 */
@FunctionalInterface
public interface DefinitionParser {
    WorkflowDefinition parse(String contentType, String text);
}
