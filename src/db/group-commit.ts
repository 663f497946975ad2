/**
 * Group commit for a write many requests make at once: calls arriving while a batch is being
 * written wait and go out together as the next batch, one statement and one commit for all of
 * them. An idle database sees no delay (the first call goes out on the next turn of the event
 * loop); a busy one sees fewer, larger commits, which is what keeps submit latency flat under
 * load. When a batch fails, each of its items is retried alone, so one bad item fails only its
 * own caller.
 */
export class GroupCommit<I, O> {
  private pending: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private writing = false;

  /** `write` returns one result per item, in order. */
  constructor(private readonly write: (items: readonly I[]) => Promise<O[]>, private readonly maxBatch = 64) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => { void this.drain(); });
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const results = await this.write(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results[i] as O));
      } catch (err) {
        if (batch.length === 1) {
          batch[0]?.reject(err);
          continue;
        }
        // In arrival order, so the first of two clashing submits is the one that succeeds.
        for (const b of batch) {
          try {
            const [one] = await this.write([b.item]);
            b.resolve(one as O);
          } catch (e) {
            b.reject(e);
          }
        }
      }
    }
    this.writing = false;
  }
}
