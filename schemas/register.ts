/**
 * Registers the pipeline's schemas under their topics' subjects (`<topic>-value`), after setting
 * each subject to BACKWARD compatibility: Apicurio's ccompat API does not enforce compatibility
 * on registration unless the subject (or the registry) is configured for it.
 */
import type { Compatibility, RegistryClient } from '@incident-pipeline/dataflow/avro'
import { loadSchema, type SchemaName } from './catalog.ts'

export interface SubjectBinding {
  topic: string
  schema: SchemaName
}

export interface RegisteredSubject extends SubjectBinding {
  subject: string
  id: number
}

/** The subject a topic's values are registered under (TopicNameStrategy). */
export const valueSubject = (topic: string): string => `${topic}-value`

/**
 * @example
 * await registerSchemas(registry, [{ topic: 'incidents', schema: 'incident-log-event' }])
 */
export async function registerSchemas(
  registry: RegistryClient,
  bindings: readonly SubjectBinding[],
  compatibility: Compatibility = 'BACKWARD',
): Promise<RegisteredSubject[]> {
  const registered: RegisteredSubject[] = []
  for (const binding of bindings) {
    const subject = valueSubject(binding.topic)
    await registry.setCompatibility(subject, compatibility)
    const id = await registry.register(subject, loadSchema(binding.schema).text)
    registered.push({ ...binding, subject, id })
  }
  return registered
}
