/**
 * Records consumed per second over a sliding window of recent commits, so the topology can report
 * its current throughput itself (a reader of the counter needs two scrapes to derive it).
 */

export class InputRate {
  readonly #windowMs: number
  readonly #samples: { at: number; records: number }[] = []

  constructor(windowMs = 10_000) {
    this.#windowMs = windowMs
  }

  /** `records` were committed at wall-clock `at`. */
  add(records: number, at: number): void {
    this.#samples.push({ at, records })
    this.#evict(at)
  }

  /** Records per second over the window ending at `now`. */
  perSecond(now: number): number {
    this.#evict(now)
    const total = this.#samples.reduce((n, s) => n + s.records, 0)
    return total / (this.#windowMs / 1000)
  }

  #evict(now: number): void {
    while (this.#samples.length > 0 && (this.#samples[0]?.at ?? now) <= now - this.#windowMs) {
      this.#samples.shift()
    }
  }
}
