import { describe, expect, it } from 'vitest'
import { generatorUsage, parseGeneratorArgs, scenarioTiming } from './cli-options.ts'
import { scenarioKinds } from './scenarios/index.ts'

describe('parseGeneratorArgs scenario flags', () => {
  it('has no scenario by default', () => {
    expect(parseGeneratorArgs([]).scenario).toBeUndefined()
    expect(parseGeneratorArgs([])).toMatchObject({
      scenarioEvery: 300,
      scenarioTiming: 'auto',
      scenariosTopic: 'incidents.scenarios',
    })
  })

  it('parses a kind, random, the interval, the timing and the files', () => {
    expect(
      parseGeneratorArgs([
        ...['--scenario', 'ddos', '--scenario-every', '90', '--scenario-timing', 'immediate'],
        ...['--ground-truth', 'truth.jsonl', '--service-map', 'map.json'],
      ]),
    ).toMatchObject({
      scenario: 'ddos',
      scenarioEvery: 90,
      scenarioTiming: 'immediate',
      groundTruth: 'truth.jsonl',
      serviceMap: 'map.json',
    })
    expect(parseGeneratorArgs(['--scenario', 'random']).scenario).toBe('random')
  })

  it('names the flag of a bad value', () => {
    expect(() => parseGeneratorArgs(['--scenario', 'meteor'])).toThrow(/^invalid --scenario: /)
    expect(() => parseGeneratorArgs(['--scenario', 'ddos', '--scenario-every', '0'])).toThrow(
      /^invalid --scenario-every: /,
    )
    expect(() => parseGeneratorArgs(['--ground-truth', 'x.jsonl'])).toThrow(
      'invalid --ground-truth: needs --scenario',
    )
  })

  it('schedules by the wall clock when throttled, sends at once when not', () => {
    expect(scenarioTiming({ scenarioTiming: 'auto', rate: 20 })).toBe('scheduled')
    expect(scenarioTiming({ scenarioTiming: 'auto', rate: 0 })).toBe('immediate')
    expect(scenarioTiming({ scenarioTiming: 'scheduled', rate: 0 })).toBe('scheduled')
  })

  it('lists every kind in --help', () => {
    for (const kind of scenarioKinds) expect(generatorUsage).toContain(kind)
  })
})
