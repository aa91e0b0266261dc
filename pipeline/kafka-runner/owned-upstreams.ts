/**
 * What stage 1 knows of the source partitions it reads: when each last sent a record (or was
 * assigned), whether its idleness was announced, and the last stream time sent on for it. Only
 * the reader of a partition can tell that it is quiet; a partition that nobody reads is not idle.
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

  /** A record arrived from the partition at wall-clock `now`: it is active again. */
  read(upstream: string, now: number): void {
    this.#lastRead.set(upstream, now)
    this.#announced.delete(upstream)
  }

  /** Owned partitions silent for the idle timeout and not announced yet; they count as announced. */
  newlyIdle(now: number): string[] {
    const idle: string[] = []
    for (const [upstream, lastRead] of this.#lastRead) {
      if (this.#announced.has(upstream) || now - lastRead < this.#idleTimeoutMs) continue
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
