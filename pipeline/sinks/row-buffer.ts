/**
 * The rows of one table consumed since its last commit, grouped by hour directory and source
 * partition (one file each per format), with the next offset per partition. Offsets only move
 * forward: a record below the next offset means the source was reset (a recreated topic), which
 * would make new files collide with committed ones, so it is refused.
 */
import { SinkError } from './errors.ts'
import { hourDir } from './file-naming.ts'
import type { MappedRow, RowValue } from './row-mapping.ts'

export interface BufferedGroup {
  readonly hourDir: string
  readonly partition: number
  readonly first: number
  last: number
  readonly rows: RowValue[][]
}

export class RowBuffer {
  readonly #label: string
  readonly #groups = new Map<string, BufferedGroup>()
  readonly #next: Map<number, number>
  #rows = 0
  #pending = false
  #maxPartitionTime: number | null = null

  /** `committed`: next offset per partition from the manifest; `label` names the source in errors. */
  constructor(committed: ReadonlyMap<number, number>, label: string) {
    this.#next = new Map(committed)
    this.#label = label
  }

  get rows(): number {
    return this.#rows
  }

  /** Whether rows or moved offsets wait for a commit. */
  get pending(): boolean {
    return this.#pending
  }

  /** Next offset per partition, committed or buffered. */
  get offsets(): ReadonlyMap<number, number> {
    return this.#next
  }

  /** Largest partition time seen (kept across commits). */
  get maxPartitionTime(): number | null {
    return this.#maxPartitionTime
  }

  groups(): BufferedGroup[] {
    return [...this.#groups.values()]
  }

  /** Adds one record; `row` undefined (a skipped record) only moves the offset. */
  add(partition: number, offset: number, row: MappedRow | undefined): void {
    const expected = this.#next.get(partition)
    if (expected !== undefined && offset < expected) {
      throw new SinkError(
        'OFFSET_RESET',
        `${this.#label}/${partition} delivered offset ${offset} after ${expected - 1} was committed: ` +
          'was the topic recreated? Move the table directory away to rebuild it from the topic',
      )
    }
    this.#next.set(partition, offset + 1)
    this.#pending = true
    if (!row) return
    const dir = hourDir(row.partitionTime)
    const key = `${dir}|${partition}`
    let group = this.#groups.get(key)
    if (!group) {
      group = { hourDir: dir, partition, first: offset, last: offset, rows: [] }
      this.#groups.set(key, group)
    }
    group.last = offset
    group.rows.push(row.values)
    this.#rows += 1
    this.#maxPartitionTime = Math.max(
      this.#maxPartitionTime ?? row.partitionTime,
      row.partitionTime,
    )
  }

  /** Drops the rows after a commit; the offsets stay, now committed. */
  clear(): void {
    this.#groups.clear()
    this.#rows = 0
    this.#pending = false
  }
}
