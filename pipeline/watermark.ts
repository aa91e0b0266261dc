/**
 * Event-time progress. Each partition has a stream time, the largest event time seen from it; the
 * watermark is the minimum over the partitions that are not idle, and never goes back. A partition
 * is idle once no event arrived from it for `idleTimeoutMs` of wall-clock time, so a silent
 * partition stops holding the watermark back, or when `markIdle` says so (with an infinite
 * timeout that is the only way); its next event makes it active again. When every partition is
 * idle the watermark holds. Partition ids are opaque: the in-memory runner uses
 * `<source>/<partition>`; a Kafka runner after a shuffle may use `<repartition>/<origin>`.
 */
import type { StateRecord } from './state.ts'

export interface WatermarkTrackerOptions {
  /** Infinity: partitions become idle only through `markIdle`. */
  readonly idleTimeoutMs: number
  /** Wall-clock time at construction, epoch ms. */
  readonly now: number
}

/** A partition as `partitions()` reports it. */
export interface PartitionProgress {
  readonly partition: string
  readonly streamTime: number
  readonly idle: boolean
}

export class WatermarkTracker {
  readonly #idleTimeoutMs: number
  #now: number
  readonly #ids: string[] = []
  readonly #slots = new Map<string, number>()
  readonly #streamTime: number[] = []
  readonly #lastActive: number[] = []
  readonly #idle: boolean[] = []
  readonly #dirty: boolean[] = []
  #dirtySlots: number[] = []
  #watermark = -Infinity
  #watermarkDirty = false
  #stale = false

  constructor(options: WatermarkTrackerOptions) {
    this.#idleTimeoutMs = options.idleTimeoutMs
    this.#now = options.now
  }

  get watermark(): number {
    return this.#watermark
  }

  /** The slot of a partition, registering it (active, no stream time yet) on first use. */
  slot(partition: string): number {
    const known = this.#slots.get(partition)
    if (known !== undefined) return known
    const slot = this.#ids.length
    this.#slots.set(partition, slot)
    this.#ids.push(partition)
    this.#streamTime.push(-Infinity)
    this.#lastActive.push(this.#now)
    this.#idle.push(false)
    this.#dirty.push(false)
    this.#stale = true
    return slot
  }

  /** The id a slot was registered under ('' for -1, the slot of window results). */
  partitionId(slot: number): string {
    return this.#ids[slot] ?? ''
  }

  streamTime(slot: number): number {
    return this.#streamTime[slot] ?? -Infinity
  }

  /** Records an event at `time` from the partition in `slot`. */
  observe(slot: number, time: number): void {
    this.#lastActive[slot] = this.#now
    if (this.#idle[slot] === true) {
      this.#idle[slot] = false
      this.#stale = true
    }
    if (time > (this.#streamTime[slot] ?? Infinity)) this.#setStreamTime(slot, time)
  }

  /** Marks the partition in `slot` idle until its next event. */
  markIdle(slot: number): void {
    if (this.#idle[slot] === true) return
    this.#idle[slot] = true
    this.#stale = true
  }

  /** Moves wall-clock time forward (never back) and re-evaluates idleness. */
  advanceWallClock(now: number): void {
    if (now <= this.#now) return
    this.#now = now
    for (let slot = 0; slot < this.#ids.length; slot++) {
      const idle = now - (this.#lastActive[slot] ?? now) >= this.#idleTimeoutMs
      if (idle !== this.#idle[slot]) {
        this.#idle[slot] = idle
        this.#stale = true
      }
    }
  }

  /** Every partition's stream time, and the watermark, to at least `time` (a heartbeat, or a drain). */
  advanceTo(time: number): void {
    for (let slot = 0; slot < this.#ids.length; slot++) {
      if (time > (this.#streamTime[slot] ?? Infinity)) this.#setStreamTime(slot, time)
    }
    this.#setWatermark(time)
  }

  /** Recomputes the watermark if anything changed; returns true when it moved forward. */
  update(): boolean {
    if (!this.#stale) return false
    this.#stale = false
    let min = Infinity
    for (let slot = 0; slot < this.#ids.length; slot++) {
      if (this.#idle[slot] !== true) min = Math.min(min, this.#streamTime[slot] ?? -Infinity)
    }
    return min !== Infinity && this.#setWatermark(min)
  }

  partitions(): PartitionProgress[] {
    return this.#ids.map((partition, slot) => ({
      partition,
      streamTime: this.streamTime(slot),
      idle: this.#idle[slot] === true,
    }))
  }

  /** Appends the records that changed since the last call. */
  takeChanges(out: StateRecord[]): void {
    if (this.#watermarkDirty) out.push({ kind: 'watermark', time: this.#watermark })
    this.#watermarkDirty = false
    for (const slot of this.#dirtySlots) {
      this.#dirty[slot] = false
      out.push({
        kind: 'stream_time',
        partition: this.partitionId(slot),
        time: this.streamTime(slot),
      })
    }
    this.#dirtySlots = []
  }

  /** Appends every record, partitions sorted by id. */
  snapshot(out: StateRecord[]): void {
    if (Number.isFinite(this.#watermark)) out.push({ kind: 'watermark', time: this.#watermark })
    for (const partition of [...this.#ids].sort()) {
      const time = this.streamTime(this.slot(partition))
      if (Number.isFinite(time)) out.push({ kind: 'stream_time', partition, time })
    }
  }

  /** Restores one record; restored values count as persisted. */
  restore(record: StateRecord): void {
    if (record.kind === 'watermark') {
      this.#watermark = Math.max(this.#watermark, record.time)
    } else if (record.kind === 'stream_time') {
      const slot = this.slot(record.partition)
      this.#streamTime[slot] = Math.max(this.streamTime(slot), record.time)
      this.#stale = true
    }
  }

  #setStreamTime(slot: number, time: number): void {
    this.#streamTime[slot] = time
    this.#stale = true
    if (this.#dirty[slot] !== true) {
      this.#dirty[slot] = true
      this.#dirtySlots.push(slot)
    }
  }

  #setWatermark(time: number): boolean {
    if (time <= this.#watermark) return false
    this.#watermark = time
    this.#watermarkDirty = true
    return true
  }
}
