/**
 * Shared vocabulary: identifiers, the exception tree, the JSON mapper, time, a page of results.
 * Imports nothing else from Flowgate.
 */
package io.flowgate.core;
