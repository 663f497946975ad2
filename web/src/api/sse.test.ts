import { describe, expect, it } from 'vitest';
import { SseParser } from './sse.js';

describe('SseParser', () => {
  it('splits events at blank lines and reads event, data and id fields', () => {
    const p = new SseParser();
    const events = p.push('event: progress\nid: 7\ndata: {"progress":40}\n\n: keep-alive\n\ndata: plain\n\n');
    expect(events).toEqual([
      { event: 'progress', data: '{"progress":40}', id: '7' },
      { event: 'message', data: 'plain', id: '7' },
    ]);
  });

  it('joins multi-line data and survives chunks cut anywhere, including between CR and LF', () => {
    const text = 'event: done\r\ndata: a\r\ndata: b\r\n\r\ndata:no-space\r\n\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const p = new SseParser();
      const events = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(events).toEqual([{ event: 'done', data: 'a\nb' }, { event: 'message', data: 'no-space' }]);
    }
  });

  it('emits nothing for an event that has no data, and keeps an unfinished event for the next chunk', () => {
    const p = new SseParser();
    expect(p.push('event: ping\n\n')).toEqual([]);
    expect(p.push('data: x')).toEqual([]);
    expect(p.push('\n\n')).toEqual([{ event: 'message', data: 'x' }]);
  });
});
