/**
 * Cuts decoded event-stream text into lines. The SSE standard allows LF, CRLF
 * and a lone CR as line ends, mixed in one stream, and a chunk boundary may
 * fall between the CR and the LF of a pair, which must still count as one end.
 */

const CR = 13;
const LF = 10;

export interface LineSplitter {
  push(text: string): void;
}

export function createLineSplitter(onLine: (line: string) => void): LineSplitter {
  let partial = '';
  let lastWasCr = false;
  return {
    push(text) {
      if (text === '') return;
      let start = lastWasCr && text.charCodeAt(0) === LF ? 1 : 0;
      for (let i = start; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code !== CR && code !== LF) continue;
        onLine(partial + text.slice(start, i));
        partial = '';
        if (code === CR && text.charCodeAt(i + 1) === LF) i++;
        start = i + 1;
      }
      partial += text.slice(start);
      lastWasCr = text.charCodeAt(text.length - 1) === CR;
    },
  };
}
