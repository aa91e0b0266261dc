/**
 * One-line descriptions of incident rows for the offline timeline, built from the parsed
 * fields of each template rather than from the raw (untrusted) message. Rows whose template is
 * unknown fall back to a shortened message, which the renderer escapes like any other text.
 */
import type { Incident } from './incident-row.ts'

/**
 * @example
 * describeEvent(row) // 'ERROR critical_incident: web-server DOWN (Service Outage), 1200 users affected, escalated to DevOps'
 */
export function describeEvent(e: Incident): string {
  const service = e.service ?? 'unknown service'
  const parts: string[] = []
  switch (e.action) {
    case 'critical_incident':
      parts.push(`${service} DOWN${e.category ? ` (${e.category})` : ''}`)
      break
    case 'incident_detected':
      parts.push(`${e.category ?? 'incident'} detected on ${service}`)
      if (e.severity) parts.push(`severity ${e.severity}`)
      break
    case 'security_breach':
      parts.push(`security breach on ${e.system_id ?? service}`)
      if (e.attack_type) parts.push(`attack ${e.attack_type}`)
      if (e.source_ip) parts.push(`from ${e.source_ip}`)
      break
    case 'data_corruption':
      parts.push(`data corruption in ${e.database ?? 'a database'} on ${e.system_id ?? service}`)
      if (e.affected_records !== null) parts.push(`${e.affected_records} records`)
      break
    case 'performance_degradation':
      parts.push(`${service} slower`)
      if (e.performance_impact_pct !== null)
        parts.push(`response time +${e.performance_impact_pct}%`)
      break
    case 'resource_threshold':
      parts.push(
        `resource threshold exceeded on ${e.system_id ?? service}: CPU ${e.cpu_pct ?? '?'}%, ` +
          `memory ${e.memory_pct ?? '?'}%, disk ${e.disk_pct ?? '?'}%`,
      )
      break
    case 'incident_resolved':
      parts.push(`incident resolved on ${service}`)
      if (e.resolver) parts.push(`by ${e.resolver}`)
      break
    case 'system_recovered':
      parts.push(`${e.system_id ?? service} recovered${e.category ? ` from ${e.category}` : ''}`)
      break
    case 'maintenance_completed':
      parts.push(`maintenance completed on ${service}`)
      break
    default:
      parts.push(e.message.length > 160 ? `${e.message.slice(0, 160)}…` : e.message)
  }
  if (e.affected_users !== null) parts.push(`${e.affected_users} users affected`)
  if (e.duration_minutes !== null) parts.push(`${e.duration_minutes} min`)
  if (e.escalation_team) parts.push(`escalated to ${e.escalation_team}`)
  if (e.assignee) parts.push(`assigned to ${e.assignee}`)
  return `${e.level} ${e.action}: ${parts.join(', ')}`
}
