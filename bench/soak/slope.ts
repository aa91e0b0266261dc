/** Least-squares growth rates over a soak's samples, the figure a memory leak shows up in. */

export interface Point {
  /** Seconds. */
  x: number
  y: number
}

/** The least-squares slope of `points` per hour (units of y per 3,600 s); NaN under 2 points. */
export function slopePerHour(points: readonly Point[]): number {
  const n = points.length
  if (n < 2) return NaN
  const mx = points.reduce((s, p) => s + p.x, 0) / n
  const my = points.reduce((s, p) => s + p.y, 0) / n
  let sxy = 0
  let sxx = 0
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my)
    sxx += (p.x - mx) ** 2
  }
  return sxx === 0 ? NaN : (sxy / sxx) * 3_600
}

/** The points after `warmupSeconds`, the steady part a slope is judged on. */
export const afterWarmup = <T extends { x: number }>(points: readonly T[], warmupSeconds: number) =>
  points.filter((p) => p.x >= warmupSeconds)
