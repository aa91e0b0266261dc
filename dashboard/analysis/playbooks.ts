/**
 * Response playbooks of the offline analyzer: a short-term (mitigate, restore, verify) and a
 * long-term (prevent recurrence) checklist for each of the eight incident categories, and extra
 * steps for each attack type of a security breach. Plain data, checked at compile time to cover
 * every category and attack type of the incident templates; `playbookFor` picks and merges.
 */
import type { attackTypes, categories } from '../../transforms/incident-templates.ts'

export interface Playbook {
  short_term: string[]
  long_term: string[]
}

export const CATEGORY_PLAYBOOKS: Readonly<Record<string, Playbook | undefined>> = {
  'Hardware Failure': {
    short_term: [
      'Fail traffic over to healthy hosts and take the failing system out of rotation.',
      'Check hardware health (disks, memory, power, temperature) on the affected system.',
      'Open a vendor or datacenter ticket for the failed component.',
    ],
    long_term: [
      'Add predictive hardware monitoring (SMART, ECC error rates) with alerts.',
      'Review redundancy so one host failure cannot take the service down.',
      'Schedule replacement of hardware past its expected lifetime.',
    ],
  },
  'Software Bug': {
    short_term: [
      'Roll back the most recent deployment of the affected service.',
      'Capture stack traces and failing requests for the defect report.',
      'Add a feature-flag or config kill switch for the faulty code path.',
    ],
    long_term: [
      'Write a regression test that reproduces the defect.',
      'Adopt canary releases with automatic rollback on error-rate increase.',
      'Review the change that introduced the bug in a blameless post-mortem.',
    ],
  },
  'Network Issue': {
    short_term: [
      'Check connectivity, DNS resolution and packet loss between the service and its dependencies.',
      'Review recent firewall, routing and load-balancer changes; revert suspicious ones.',
      'Engage the network team with the affected systems and time window.',
    ],
    long_term: [
      'Add synthetic probes for critical network paths.',
      'Put network configuration changes under review and staged rollout.',
      'Remove single points of failure in links and DNS.',
    ],
  },
  'Security Breach': {
    short_term: [
      'Isolate the affected systems and preserve logs and disk images as evidence.',
      'Block the attacking source addresses at the edge.',
      'Rotate credentials and secrets that the affected systems could reach.',
      'Notify the security team and follow the incident-response plan.',
    ],
    long_term: [
      'Run a forensic review to find the entry point and the blast radius.',
      'Harden the exploited surface and add detection rules for this pattern.',
      'Review access controls and least privilege for the affected service.',
    ],
  },
  'Performance Degradation': {
    short_term: [
      'Check CPU, memory and disk saturation and scale out the affected service.',
      'Identify slow dependencies and shed or rate-limit non-critical load.',
      'Compare latency with the last known good deployment.',
    ],
    long_term: [
      'Set latency and saturation SLOs with alerts before users notice.',
      'Load-test the service at peak traffic and fix the bottlenecks found.',
      'Introduce autoscaling and capacity planning for the service.',
    ],
  },
  'Service Outage': {
    short_term: [
      'Declare an incident, assign a commander and post a status update.',
      'Restart or fail over the down service and confirm health checks pass.',
      'Verify recovery with user-facing checks before closing.',
    ],
    long_term: [
      'Add redundancy and automatic failover for the service.',
      'Improve health checks so failures are detected and routed around faster.',
      'Run a post-mortem and track its action items to completion.',
    ],
  },
  'Data Corruption': {
    short_term: [
      'Stop writes to the affected database to limit the damage.',
      'Restore the affected records from the last verified backup.',
      'Validate data integrity after the restore before re-enabling writes.',
    ],
    long_term: [
      'Test backup restores regularly and measure recovery time.',
      'Add integrity checks (checksums, constraints) that detect corruption early.',
      'Find and fix the write path that corrupted the data.',
    ],
  },
  'Configuration Error': {
    short_term: [
      'Identify the most recent configuration change and roll it back.',
      'Confirm the service behaves correctly with the restored configuration.',
      'Freeze further configuration changes until the cause is understood.',
    ],
    long_term: [
      'Manage configuration as code with review and automated validation.',
      'Roll out configuration changes gradually with automatic rollback.',
      'Add drift detection between intended and running configuration.',
    ],
  },
} satisfies Record<(typeof categories)[number], Playbook>

export const ATTACK_PLAYBOOKS: Readonly<Record<string, Playbook | undefined>> = {
  'SQL Injection': {
    short_term: ['Enable WAF rules against SQL injection and review database audit logs.'],
    long_term: ['Use parameterised queries everywhere and add SQL-injection tests to CI.'],
  },
  DDoS: {
    short_term: ['Turn on DDoS protection and rate limiting at the edge or CDN.'],
    long_term: ['Keep a tested DDoS runbook and capacity headroom at the edge.'],
  },
  Malware: {
    short_term: ['Quarantine infected hosts and scan neighbouring systems.'],
    long_term: ['Rebuild infected hosts from clean images and improve endpoint protection.'],
  },
  Phishing: {
    short_term: ['Reset credentials of targeted users and revoke their active sessions.'],
    long_term: ['Enforce phishing-resistant MFA and run awareness training.'],
  },
  'Brute Force': {
    short_term: ['Lock out attacked accounts and block the source addresses.'],
    long_term: ['Add login rate limiting, lockout policies and MFA.'],
  },
  'Cross-Site Scripting': {
    short_term: ['Sanitise the vulnerable input and invalidate possibly stolen sessions.'],
    long_term: ['Apply output encoding and a strict Content-Security-Policy.'],
  },
  'Man-in-the-Middle': {
    short_term: ['Rotate TLS certificates and keys that may be exposed.'],
    long_term: ['Enforce TLS everywhere with HSTS and certificate pinning where possible.'],
  },
} satisfies Record<(typeof attackTypes)[number], Playbook>

const GENERIC: Playbook = {
  short_term: [
    'Confirm the current status of the service and who owns the incident.',
    'Collect logs and metrics for the time window around the primary incident.',
  ],
  long_term: ['Review monitoring coverage for the signals that preceded this incident.'],
}

/** Checklists for a category and optional attack types, de-duplicated, generic as fallback. */
export function playbookFor(category: string | undefined, attacksSeen: string[] = []): Playbook {
  const base = (category === undefined ? undefined : CATEGORY_PLAYBOOKS[category]) ?? GENERIC
  const attacks = attacksSeen.flatMap((type) => {
    const playbook = ATTACK_PLAYBOOKS[type]
    return playbook ? [playbook] : []
  })
  return {
    short_term: [...new Set([...attacks.flatMap((a) => a.short_term), ...base.short_term])],
    long_term: [...new Set([...base.long_term, ...attacks.flatMap((a) => a.long_term)])],
  }
}
