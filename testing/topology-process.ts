/**
 * Runs `npm run topology` as a supervised child process, for the chaos test: the real command,
 * killed with SIGKILL at any instant or stopped with SIGTERM, and restarted when it exits on its
 * own (as systemd or Kubernetes would, e.g. when it started while the broker was down).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'

export interface TopologyProcess {
  readonly pid: number | undefined
  kill9(): Promise<void>
  terminate(): Promise<void>
  readonly restarts: number
}

export function startTopology(
  args: string[],
  logFile: string,
  env: NodeJS.ProcessEnv = process.env,
): TopologyProcess {
  const log = createWriteStream(logFile, { flags: 'a' })
  let child: ChildProcess
  let exited: Promise<void>
  let stopped = false
  let restarts = 0
  const launch = (): void => {
    child = spawn(process.execPath, ['topology/cli.ts', ...args], {
      env: { ...env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout?.pipe(log, { end: false })
    child.stderr?.pipe(log, { end: false })
    exited = new Promise((resolve) =>
      child.once('exit', () => {
        if (!stopped) {
          restarts++
          setTimeout(launch, 1_000)
        }
        resolve()
      }),
    )
  }
  launch()
  return {
    get pid() {
      return child.pid
    },
    get restarts() {
      return restarts
    },
    async kill9() {
      stopped = true
      child.kill('SIGKILL')
      await exited
    },
    async terminate() {
      stopped = true
      child.kill('SIGTERM')
      await exited
    },
  }
}
