// Reads an execution's Server-Sent Events stream with fetch(), so the API key travels in the
// Authorization header (EventSource cannot send headers, and a key never goes into a URL).
import { session } from './dom.js';

/** Calls onStatus(doc) for every `event: status`; returns a function that stops reading. */
export function followExecution(id, onStatus, onEnd) {
  return readEvents('/api/v1/executions/' + encodeURIComponent(id) + '/stream',
    (event, data) => { if (event === 'status' && data) onStatus(JSON.parse(data)); }, onEnd);
}

/**
 * Follows the stream of every execution the key may see (started or changed): onOpen() once the
 * server watches, onChange({id, workflowId, team, status}) per change, onEnd(httpStatus or 0) when
 * the stream drops. Returns a function that stops reading.
 */
export function followExecutions(onOpen, onChange, onEnd) {
  return readEvents('/api/v1/executions/stream', (event, data) => {
    if (event === 'open') onOpen();
    else if (event === 'execution' && data) onChange(JSON.parse(data));
  }, onEnd);
}

/** Reads `path` as Server-Sent Events, calling onEvent(name, data) per event; returns a stop function. */
function readEvents(path, onEvent, onEnd) {
  const abort = new AbortController();
  (async () => {
    try {
      const res = await fetch(path, {
        headers: { Authorization: 'Bearer ' + session.key(), Accept: 'text/event-stream' }, signal: abort.signal });
      if (!res.ok || !res.body) { onEnd && onEnd(res.status); return; }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
          const name = /^event: ?(.*)$/m.exec(block);
          if (name) onEvent(name[1], data);
        }
      }
      onEnd && onEnd(200);
    } catch (e) {
      if (e.name !== 'AbortError') onEnd && onEnd(0);
    }
  })();
  return () => abort.abort();
}
