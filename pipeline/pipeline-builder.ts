/**
 * Building a pipeline: `pipeline()` returns a builder whose `source()` starts a Collection; the
 * collections' methods append named steps to it, and `build()` returns the validated list of
 * steps (a `Pipeline`) for a runner to interpret.
 */
import { Collection } from './collection.ts'
import { PipelineDefinitionError } from './errors.ts'
import { MAIN, outputTags, type Pipeline, type Step } from './steps.ts'

/** Accumulates the steps of one pipeline. */
export class PipelineBuilder {
  readonly #steps: Step[] = []
  readonly #names = new Map<string, Step>()

  /** A source of elements, fed by a runner (a Kafka topic in the Kafka runner). */
  source<T>(name: string): Collection<T> {
    this.add({ kind: 'source', name, inputs: [] })
    return new Collection<T>(this, { step: name, tag: MAIN }, undefined)
  }

  /** Appends a step; its inputs must already be declared. */
  add(step: Step): void {
    if (step.name.trim() === '') throw new PipelineDefinitionError('a step needs a non-empty name')
    if (this.#names.has(step.name)) {
      throw new PipelineDefinitionError(`duplicate step name: '${step.name}'`)
    }
    for (const input of step.inputs) {
      const from = this.#names.get(input.step)
      if (from === undefined || !outputTags(from).includes(input.tag)) {
        throw new PipelineDefinitionError(
          `step '${step.name}' reads unknown output ${input.step}.${input.tag}`,
        )
      }
    }
    this.#names.set(step.name, step)
    this.#steps.push(step)
  }

  /** The validated pipeline. */
  build(): Pipeline {
    const steps = [...this.#steps]
    // Two outputs to one sink would share the step name `output:<sink>`, which add() refuses.
    const sinks = steps.flatMap((step) => (step.kind === 'output' ? [step.sink] : []))
    if (sinks.length === 0)
      throw new PipelineDefinitionError('a pipeline needs at least one output')
    const sources = steps.filter((step) => step.kind === 'source').map((step) => step.name)
    return Object.freeze({ steps: Object.freeze(steps), sources, sinks })
  }
}

/**
 * Starts a pipeline.
 *
 * @example
 * const p = pipeline()
 * p.source<string>('lines').map('upper', (line) => line.toUpperCase()).output('upper')
 * const built = p.build()
 */
export function pipeline(): PipelineBuilder {
  return new PipelineBuilder()
}
