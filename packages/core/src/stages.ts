/**
 * Stage ids and inputs of a pipeline, written once: the registry's compatibility check, the spec resolver,
 * the runner and fitsForCurve all ask here (no module imports another for these, so there is no cycle).
 */

/** The part of a stage these functions read (a PipelineSpec stage or a resolved one). */
export interface StageRef {
  id?: string | undefined
  use: string
  input?: string | undefined
}

/** The id of stage i: its explicit id, or the plugin name (suffixed with its index if repeated). */
export function stageId(spec: { stages: readonly StageRef[] }, i: number): string {
  const s = spec.stages[i]
  if (!s) return ''
  if (s.id) return s.id
  const name = s.use.split('/').pop() ?? s.use
  const same = spec.stages.slice(0, i).filter((t) => !t.id && t.use.split('/').pop() === name).length
  return same === 0 ? name : `${name}-${same + 1}`
}

/** The id of the stage whose output stage i consumes: its `input`, by default the previous stage; null for stage 0. */
export function stageInput(spec: { stages: readonly StageRef[] }, i: number): string | null {
  if (i <= 0) return null
  return spec.stages[i]?.input ?? stageId(spec, i - 1)
}
