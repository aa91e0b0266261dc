/**
 * Merges CSV files written by the sink by concatenation: the header once, then every file's rows
 * byte for byte, streamed so an hour of rows never has to fit in memory. Files whose header
 * differs (written under another schema version) are refused rather than mixed.
 */
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { SinkError } from './errors.ts'

/**
 * @example
 * await concatCsv(['/data/…/p0-….csv', '/data/…/p1-….csv'], '/data/…/c1-….csv')
 */
export async function concatCsv(inputs: readonly string[], output: string): Promise<void> {
  const out = await open(output, 'w')
  let header: string | undefined
  try {
    for (const input of inputs) {
      let head: Buffer = Buffer.alloc(0)
      let inHeader = true
      for await (const chunk of createReadStream(input)) {
        let data = chunk as Buffer
        if (inHeader) {
          const newline = data.indexOf(0x0a)
          head = Buffer.concat([head, newline < 0 ? data : data.subarray(0, newline + 1)])
          if (newline < 0) continue
          data = data.subarray(newline + 1)
          inHeader = false
          const text = head.toString('utf8')
          if (header === undefined) {
            header = text
            await out.write(head)
          } else if (text !== header) {
            throw new SinkError(
              'WRITE_FAILED',
              `CSV header of ${input} differs from that of ${inputs[0]}`,
            )
          }
        }
        if (data.length > 0) await out.write(data)
      }
      if (inHeader) throw new SinkError('WRITE_FAILED', `${input} has no CSV header line`)
    }
    await out.sync()
  } finally {
    await out.close()
  }
}
