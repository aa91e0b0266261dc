/**
 * Keeps the sink's consumer assigned to every partition of its source topics. There is no
 * consumer group: the sink assigns partitions itself, each at the next offset its table's
 * manifest (or buffer) holds, or at the beginning when the table has none. A refresh picks up
 * partitions added later and topics created after the sink started. Before resuming a partition
 * it checks the committed offset against the broker: past the end means the topic was recreated
 * (new files would collide with committed ones), so the sink stops; before the start means
 * retention deleted records the sink never wrote, which is reported.
 */
import type { Logger } from '../log.ts'
import { SinkError } from './errors.ts'
import { OFFSET_BEGINNING, type Assignment, type SourceConsumer } from './source-consumer.ts'

export interface AssignmentSource {
  topic: string
  table: string
  /** Next offset to read, committed or buffered; undefined when nothing was read yet. */
  nextOffset(partition: number): number | undefined
}

export class PartitionAssignment {
  readonly #consumer: SourceConsumer
  readonly #sources: readonly AssignmentSource[]
  readonly #log: Logger
  readonly #assigned = new Map<string, Set<number>>()
  #missingTopics = false

  constructor(consumer: SourceConsumer, sources: readonly AssignmentSource[], log: Logger) {
    this.#consumer = consumer
    this.#sources = sources
    this.#log = log
  }

  /** Whether a source topic did not exist at the last refresh. */
  get missingTopics(): boolean {
    return this.#missingTopics
  }

  /** Number of assigned partitions per topic. */
  counts(): Record<string, number> {
    return Object.fromEntries(
      [...this.#assigned].map(([topic, partitions]) => [topic, partitions.size]),
    )
  }

  /**
   * Reads the topics' partitions and, when some are new, re-assigns everything at the current
   * positions (librdkafka's assign replaces the whole assignment).
   */
  async refresh(): Promise<void> {
    let changed = false
    this.#missingTopics = false
    for (const source of this.#sources) {
      const partitions = await this.#consumer.partitionsOf(source.topic)
      if (!partitions) {
        this.#missingTopics = true
        this.#log.warn(
          { topic: source.topic, table: source.table },
          'source topic does not exist yet; retrying',
        )
        continue
      }
      const known = this.#assigned.get(source.topic) ?? new Set<number>()
      for (const partition of partitions.filter((p) => !known.has(p))) {
        await this.#checkResumable(source, partition)
        known.add(partition)
        changed = true
      }
      this.#assigned.set(source.topic, known)
    }
    if (!changed) return
    const list: Assignment[] = []
    for (const source of this.#sources) {
      for (const partition of this.#assigned.get(source.topic) ?? []) {
        list.push({
          topic: source.topic,
          partition,
          offset: source.nextOffset(partition) ?? OFFSET_BEGINNING,
        })
      }
    }
    this.#consumer.assign(list)
  }

  async #checkResumable(source: AssignmentSource, partition: number): Promise<void> {
    const next = source.nextOffset(partition)
    if (next === undefined) return
    const { low, high } = await this.#consumer.watermarks(source.topic, partition)
    if (next > high) {
      throw new SinkError(
        'OFFSET_RESET',
        `${source.topic}/${partition}: the manifest of ${source.table} is at offset ${next} but the topic ends at ${high}; ` +
          'was it recreated? Move the table directory away to rebuild it from the topic',
      )
    }
    if (next < low) {
      this.#log.error(
        { topic: source.topic, partition, next, low },
        'retention deleted records before the sink wrote them',
      )
    }
  }
}
