/**
 * Shared vocabulary: identifiers, the exception tree, the JSON mapper, time, a page of results, the kinds
 * of trigger.
 * Imports nothing else from Flowgate.
 */
package io.flowgate.core;
