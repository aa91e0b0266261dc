/**
 * `npm run chaos -- [--events N] [--kills K] [--instances I] [--seed S] [--idle-timeout D]`: runs the
 * chaos test against the local
 * broker and registry and prints a JSON report; exits non-zero when any check fails.
 */
import { parseArgs } from 'node:util'
import { tmpdir } from 'node:os'
import { connectionFromEnv } from '@incident-pipeline/dataflow/kafka'
import { createLogger } from '@incident-pipeline/dataflow'
import { runChaos } from './run-chaos.ts'

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    kills: { type: 'string', default: '5' },
    instances: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    'idle-timeout': { type: 'string', default: '2s' },
    'work-dir': { type: 'string', default: tmpdir() },
    help: { type: 'boolean', short: 'h' },
  },
})
if (values.help) {
  console.log(`Usage: npm run chaos -- [--events N] [--kills K] [--instances I] [--seed S] [--idle-timeout D] [--work-dir DIR]

Produces N generated incidents (with poison, late and out-of-order ones) through the real
topology, run as I instances of one consumer group (default 1), while killing one of them at
random with SIGKILL K times, running one more instance for a while and restarting the local
broker once; then checks that every output holds every input exactly once.

--idle-timeout is the topology's (default 2s): far shorter than a killed instance's partitions go
unread (session timeout, state restore), so a partition must only count as idle when its reader
has caught up, or its backlog would turn late.`)
  process.exit(0)
}
const instances = Number(values.instances)
if (!Number.isInteger(instances) || instances < 1) {
  console.error(`chaos: invalid --instances: ${values.instances} (a whole number from 1)`)
  process.exit(2)
}
const log = createLogger('chaos')
const report = await runChaos({
  events: Number(values.events),
  kills: Number(values.kills),
  seed: Number(values.seed),
  idleTimeout: values['idle-timeout'],
  instances,
  secondInstance: true,
  restartBroker: true,
  workDir: values['work-dir'],
  connection: { ...connectionFromEnv(), clientId: 'chaos' },
  log,
})
console.log(JSON.stringify(report, null, 2))
process.exit(report.ok ? 0 : 1)
