/**
 * The line protocol the exercise writers read from their `…:rows` formats: UTF-8 chunks in, whole
 * lines out. A line that starts with `M` carries the document's information (JSON after the `M`);
 * every other line is one row, as JSON.
 */
import { StringDecoder } from 'node:string_decoder';

export class RowLines {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  /** The non-empty lines `chunk` completes; an unfinished last line waits for the next chunk. */
  push(chunk: Buffer): string[] {
    return this.split(this.decoder.write(chunk));
  }

  /** The last lines once the input has ended, a final line without its newline included. */
  end(): string[] {
    return this.split(this.decoder.end() + '\n');
  }

  private split(text: string): string[] {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    return lines.filter((l) => l.length > 0);
  }
}

/** Whether a line is the document's information rather than a row. */
export const isInfoLine = (line: string): boolean => line.charCodeAt(0) === 0x4d; // 'M'

/** The information a line carries. */
export const infoOf = <T>(line: string): T => JSON.parse(line.slice(1)) as T;
