/**
 * Shared vocabulary: identifiers, the exception tree, the JSON mapper, time.
 * Imports nothing else from Flowgate.
 */
package io.flowgate.core;
