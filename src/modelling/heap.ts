/**
 * The future-event list: a binary min-heap on (time, sequence) in typed arrays, so a year of
 * a large community (millions of events) allocates nothing per event. Ties in time are served in
 * the order they were scheduled, which keeps runs reproducible.
 */
export class EventHeap {
  private times: Float64Array;
  private seqs: Float64Array;
  private kinds: Uint8Array;
  private payloads: Int32Array;
  private count = 0;
  private nextSeq = 0;

  constructor(capacity = 1024) {
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.payloads = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(time: number, kind: number, payload: number): void {
    if (this.count === this.times.length) this.grow();
    let i = this.count++;
    const seq = this.nextSeq++;
    // Sift up: move parents down until the new event's place is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(time, seq, parent)) break;
      this.move(parent, i);
      i = parent;
    }
    this.set(i, time, seq, kind, payload);
  }

  /** The earliest event's time (Infinity when empty). */
  peekTime(): number {
    return this.count ? this.times[0] : Infinity;
  }

  /** Removes the earliest event; read it first with the `top*` accessors. */
  topKind(): number {
    return this.kinds[0];
  }

  topPayload(): number {
    return this.payloads[0];
  }

  pop(): void {
    const last = --this.count;
    if (last === 0) return;
    const time = this.times[last];
    const seq = this.seqs[last];
    const kind = this.kinds[last];
    const payload = this.payloads[last];
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      const child = right < last && this.less(right, left) ? right : left;
      if (!this.childFirst(child, time, seq)) break;
      this.move(child, i);
      i = child;
    }
    this.set(i, time, seq, kind, payload);
  }

  private before(time: number, seq: number, j: number): boolean {
    return time < this.times[j] || (time === this.times[j] && seq < this.seqs[j]);
  }

  private childFirst(j: number, time: number, seq: number): boolean {
    return this.times[j] < time || (this.times[j] === time && this.seqs[j] < seq);
  }

  private less(i: number, j: number): boolean {
    return this.times[i] < this.times[j] || (this.times[i] === this.times[j] && this.seqs[i] < this.seqs[j]);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.seqs[to] = this.seqs[from];
    this.kinds[to] = this.kinds[from];
    this.payloads[to] = this.payloads[from];
  }

  private set(i: number, time: number, seq: number, kind: number, payload: number): void {
    this.times[i] = time;
    this.seqs[i] = seq;
    this.kinds[i] = kind;
    this.payloads[i] = payload;
  }

  private grow(): void {
    const size = this.times.length * 2;
    const grown = <T extends Float64Array | Uint8Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.times = grown(this.times, (n) => new Float64Array(n));
    this.seqs = grown(this.seqs, (n) => new Float64Array(n));
    this.kinds = grown(this.kinds, (n) => new Uint8Array(n));
    this.payloads = grown(this.payloads, (n) => new Int32Array(n));
  }
}
