/**
 * Incident scenarios injected into the generator's background noise: five kinds of timed
 * cascades made only of the original templates, planned from a seed and the service map, each
 * with its ground truth for evaluating root-cause analysis.
 */
export { badDeploy, badDeployTiming } from './bad-deploy.ts'
export { databasePoolExhaustion, databasePoolExhaustionTiming } from './database-pool-exhaustion.ts'
export { ddos, ddosTiming } from './ddos.ts'
export { diskFilling, diskFillingTiming } from './disk-filling.ts'
export { networkPartition, networkPartitionTiming } from './network-partition.ts'
export {
  planScenario,
  SCENARIO_STREAM_BASE,
  scenarioDefinitions,
  scenarioRandom,
  scenarioTruth,
} from './plan-scenario.ts'
export type { PlanScenarioOptions, ScenarioChoice, ScenarioPlan } from './plan-scenario.ts'
export { scenarioKinds } from './scenario-types.ts'
export type {
  IncidentCategory,
  PlannedEvent,
  ScenarioDefinition,
  ScenarioDraft,
  ScenarioKind,
  ScenarioTiming,
  ScenarioTruth,
  ScenarioTruthEvent,
  ScheduledEvent,
} from './scenario-types.ts'
