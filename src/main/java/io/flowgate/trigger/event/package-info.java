/**
 * Custom events (docs/events.md): the CloudEvents intake ({@code POST /api/v1/events}), event triggers matched
 * through an index of the latest revisions, the processor that starts triggered runs and resumes waiting
 * steps, and the {@link io.flowgate.engine.Waits} the waiting step types use. Imports the engine's
 * interfaces, the store ports and the CloudEvents SDK; no HTTP framework, no JDBC.
 */
package io.flowgate.trigger.event;
