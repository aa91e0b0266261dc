import { describe, expect, it } from 'vitest'
import type { Case } from './score.ts'
import { summarize } from './summarize.ts'

const base: Case = {
  kind: 'ddos',
  scenario: 'ddos-7-0',
  analyzer: 'offline:rules',
  primary: 'e0',
  rootService: 'cdn',
  predicted: ['cdn'],
  top1: true,
  top3: true,
  category: true,
  cited: 4,
  citedInScenario: 4,
  ms: 10,
}

describe('summarize', () => {
  it('rates each kind and all kinds, per analyzer', () => {
    const cases: Case[] = [
      base,
      { ...base, scenario: 'ddos-7-1', top1: false, category: false, citedInScenario: 2, ms: 30 },
      {
        ...base,
        kind: 'disk-filling',
        scenario: 'disk-filling-8-0',
        top3: false,
        top1: false,
        ms: 20,
      },
    ]
    expect(summarize(cases, ['ddos', 'disk-filling', 'bad-deploy'])).toEqual([
      {
        analyzer: 'offline:rules',
        kind: 'ddos',
        scenarios: 2,
        top1: '50%',
        top3: '100%',
        category: '50%',
        evidence_in_scenario: '75%',
        median_ms: 30,
      },
      {
        analyzer: 'offline:rules',
        kind: 'disk-filling',
        scenarios: 1,
        top1: '0%',
        top3: '0%',
        category: '100%',
        evidence_in_scenario: '100%',
        median_ms: 20,
      },
      {
        analyzer: 'offline:rules',
        kind: 'bad-deploy',
        scenarios: 0,
        top1: '—',
        top3: '—',
        category: '—',
        evidence_in_scenario: '—',
        median_ms: 0,
      },
      {
        analyzer: 'offline:rules',
        kind: 'all',
        scenarios: 3,
        top1: '33.3%',
        top3: '66.7%',
        category: '66.7%',
        evidence_in_scenario: '83.3%',
        median_ms: 20,
      },
    ])
  })
})
