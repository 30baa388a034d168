/**
 * Where a result writer sends its text: a Node stream written with back-pressure, so a writer
 * never holds more than one batch of output whatever the consumer's speed (a pipe into `head`,
 * a slow disk).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export interface TextSink {
  write(text: string): Promise<void>;
}

/** Writes to `stream`, waiting for 'drain' when its buffer is full. */
export function streamSink(stream: Writable | NodeJS.WriteStream): TextSink {
  return {
    async write(text) {
      if (text.length === 0) return;
      if (!stream.write(text)) await once(stream, 'drain');
    },
  };
}

/** Collects the text in memory: tests and small results only. */
export function stringSink(): TextSink & { readonly text: string } {
  const parts: string[] = [];
  return {
    async write(text) {
      parts.push(text);
    },
    get text() {
      return parts.join('');
    },
  };
}
