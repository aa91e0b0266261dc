/**
 * What stage 1 knows of the source partitions it reads: when each last sent a record (or was
 * assigned), whether its reader had caught up, whether its idleness was announced, and the last
 * stream time sent on for it. Only the reader of a partition can tell that it is quiet, and only
 * once it has caught up: a partition nobody reads, or one with a backlog, is not idle.
 */

export class OwnedUpstreams {
  readonly #idleTimeoutMs: number
  readonly #lastRead = new Map<string, number>()
  readonly #announced = new Set<string>()
  readonly #behind = new Set<string>()
  readonly #read = new Set<string>()
  readonly #sentStreamTime = new Map<string, number>()

  constructor(idleTimeoutMs: number) {
    this.#idleTimeoutMs = idleTimeoutMs
  }

  get size(): number {
    return this.#lastRead.size
  }

  has(upstream: string): boolean {
    return this.#lastRead.has(upstream)
  }

  /** The partition is now read here; its silence counts from `now`. */
  assign(upstream: string, now: number): void {
    this.#lastRead.set(upstream, now)
  }

  revoke(upstream: string): void {
    this.#lastRead.delete(upstream)
    this.#read.delete(upstream)
    this.#behind.delete(upstream)
    this.#announced.delete(upstream)
    this.#sentStreamTime.delete(upstream)
  }

  /**
   * Records arrived from the partition at wall-clock `now`, leaving `lag` behind them: it is active
   * again. A lag of one counts as caught up, because a transaction's commit marker takes an offset.
   */
  read(upstream: string, now: number, lag: number): void {
    this.#lastRead.set(upstream, now)
    this.#read.add(upstream)
    this.#announced.delete(upstream)
    if (lag > 1) this.#behind.add(upstream)
    else this.#behind.delete(upstream)
  }

  /**
   * The partitions to announce idle now: those of `newlyIdle`, where one never read since its
   * assignment must also pass `caughtUp` (silence there can mean "not fetched yet"); one that
   * does not is not idle, and its silence counts again from `now`.
   */
  async toAnnounce(
    now: number,
    caughtUp: (upstream: string) => Promise<boolean>,
  ): Promise<string[]> {
    const idle: string[] = []
    for (const upstream of this.newlyIdle(now)) {
      if (this.#read.has(upstream) || (await caughtUp(upstream))) {
        idle.push(upstream)
        continue
      }
      this.#announced.delete(upstream)
      this.#lastRead.set(upstream, now)
    }
    return idle
  }

  /**
   * Owned partitions silent for the idle timeout, caught up at their last read (or never read)
   * and not announced yet; they count as announced.
   */
  newlyIdle(now: number): string[] {
    const idle: string[] = []
    for (const [upstream, lastRead] of this.#lastRead) {
      if (this.#announced.has(upstream) || this.#behind.has(upstream)) continue
      if (now - lastRead < this.#idleTimeoutMs) continue
      this.#announced.add(upstream)
      idle.push(upstream)
    }
    return idle
  }

  /** True when `time` is past the stream time last sent on for the partition. */
  isNewStreamTime(upstream: string, time: number): boolean {
    return time > (this.#sentStreamTime.get(upstream) ?? -Infinity)
  }

  sentStreamTime(upstream: string, time: number): void {
    this.#sentStreamTime.set(upstream, time)
  }
}
