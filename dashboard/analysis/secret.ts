/**
 * Keeps the Gemini API key out of logs, JSON and error text. A `Secret` prints as
 * `[redacted]` however it is stringified or inspected, and `redactSecret` scrubs the key from
 * any text that came back from upstream before it reaches an error message or a log line.
 */
import { inspect } from 'node:util'

const REDACTED = '[redacted]'

/** A string value that only `reveal()` gives out. */
export class Secret {
  readonly #value: string

  constructor(value: string) {
    this.#value = value
  }

  /** The raw value, for the one place that must send it (the SDK client). */
  reveal(): string {
    return this.#value
  }

  toString(): string {
    return REDACTED
  }

  toJSON(): string {
    return REDACTED
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`
  }
}

/** Replaces every occurrence of the secret in `text`; a no-op without a secret. */
export function redactSecret(text: string, secret: Secret | undefined): string {
  const value = secret?.reveal()
  // Very short values would redact ordinary words; real keys are ~39 characters.
  if (value === undefined || value.length < 8) return text
  return text.split(value).join(REDACTED)
}
