/**
 * Entry script of the cards thread (started by createCardsPdfWriter with `thread: true`): draws
 * `cards:rows` into a PDF with the in-thread writer and posts the bytes back. Each rows message is
 * answered by the PDF bytes it produced, then an `ack`; the main side sends the next rows only
 * after its destination has taken those bytes, so at most one message of rows is in flight.
 */
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import type { CardLayout } from './cards.js';
import { createCardsPdfWriter, type FromCardsThread, type ToCardsThread } from './cards-pdf.js';

const port = parentPort;
if (port) {
  const post = (m: FromCardsThread): void => port.postMessage(m);
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      post({ data: chunk });
      cb();
    },
  });
  const writer = createCardsPdfWriter(out, { layout: (workerData as { layout?: CardLayout }).layout });
  writer.on('error', (err) => post({ error: err.message }));
  port.on('message', (m: ToCardsThread) => {
    if ('rows' in m) writer.write(m.rows, (err) => { if (!err) post({ ack: true }); });
    else writer.end(() => post({ finished: true }));
  });
}
