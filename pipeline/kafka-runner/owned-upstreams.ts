/**
 * What stage 1 knows of the source partitions it reads: when each last sent a record (or was
 * assigned), whether its idleness was announced, and the last stream time sent on for it. Only the
 * reader of a partition can tell that it is quiet, and only once the broker confirms it has caught
 * up: a partition nobody reads, or one with a backlog, is not idle, and its records would turn late.
 */

export class OwnedUpstreams {
  readonly #idleTimeoutMs: number
  readonly #lastRead = new Map<string, number>()
  readonly #announced = new Set<string>()
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
    this.#announced.delete(upstream)
    this.#sentStreamTime.delete(upstream)
  }

  /** Records arrived from the partition at wall-clock `now`: it is active again. */
  read(upstream: string, now: number): void {
    this.#lastRead.set(upstream, now)
    this.#announced.delete(upstream)
  }

  /**
   * The partitions to announce idle now: those of `newlyIdle` that pass `caughtUp` (silence can
   * mean "not fetched yet", and a lag seen in a batch is stale and counts commit markers). One that
   * does not is not idle, and its silence counts again from `now`. The probes run side by side.
   */
  async toAnnounce(
    now: number,
    caughtUp: (upstream: string) => Promise<boolean>,
  ): Promise<string[]> {
    const candidates = this.newlyIdle(now)
    const verdicts = await Promise.all(candidates.map(caughtUp))
    const idle: string[] = []
    candidates.forEach((upstream, i) => {
      // Read or revoked while the probes ran: no longer a candidate.
      if (!this.#announced.has(upstream)) return
      if (verdicts[i]) idle.push(upstream)
      else {
        this.#announced.delete(upstream)
        this.#lastRead.set(upstream, now)
      }
    })
    return idle
  }

  /**
   * Owned partitions silent for the idle timeout and not announced yet; they count as announced.
   */
  newlyIdle(now: number): string[] {
    const idle: string[] = []
    for (const [upstream, lastRead] of this.#lastRead) {
      if (this.#announced.has(upstream)) continue
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
